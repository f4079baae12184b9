// The stamped LRU behind the registry index caches and the AWS answer cache, the answer cache's keys, and the
// engine's memo of a reusable output's wire form: a different stamp is a miss that drops the entry, the byte
// budget holds with least recently used entries going first, and a reusable output is serialised once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadServiceModel } from '../../../src/aws/model.js';
import { reusableOutput, serializeOutput } from '../../../src/aws/response.js';
import type { RequestContext } from '../../../src/aws/service.js';
import { AnswerCache } from '../../../src/aws/services/answer-cache.js';
import { StampedLru } from '../../../src/cache/stamped-lru.js';
import { newCacheCounters } from '../../../src/observability/cache-counters.js';

describe('StampedLru', () => {
  it('answers only at the stamp an entry was made at, and counts hits and misses', () => {
    const counters = newCacheCounters();
    const lru = new StampedLru<string>(1000, counters);
    assert.equal(lru.get('a', '1'), undefined);
    lru.set('a', '1', 'one', 10);
    assert.equal(lru.get('a', '1'), 'one');
    assert.equal(lru.get('a', '2'), undefined, 'moved on: a miss');
    assert.equal(lru.size, 0, 'and the stale entry is gone');
    assert.equal(lru.get('a', '1'), undefined, 'even at its old stamp');
    assert.deepEqual(counters, { hits: 1, misses: 3 });
  });

  it('through: makes a value once per stamp, again at a new stamp, and keeps nothing without one', async () => {
    const lru = new StampedLru<string>(1000, newCacheCounters());
    let made = 0;
    const make = async () => `made ${++made}`;
    assert.equal(await lru.through('a', '1', make, () => 10), 'made 1');
    assert.equal(await lru.through('a', '1', make, () => 10), 'made 1', 'kept at the same stamp');
    assert.equal(await lru.through('a', '2', make, () => 10), 'made 2', 'a new stamp makes it again');
    assert.equal(await lru.through('b', undefined, make, () => 10), 'made 3');
    assert.equal(await lru.through('b', undefined, make, () => 10), 'made 4', 'no stamp: never kept');
    assert.equal(lru.size, 10);
  });

  it('keeps within its budget, the least recently used going first, and refuses an entry over a quarter', () => {
    const lru = new StampedLru<string>(100, newCacheCounters());
    lru.set('a', 's', 'A', 25);
    lru.set('b', 's', 'B', 25);
    lru.set('c', 's', 'C', 25);
    assert.equal(lru.get('a', 's'), 'A'); // a is now the most recently used
    lru.set('d', 's', 'D', 25);
    lru.set('e', 's', 'E', 25); // over 100: b, the least recently used, goes
    assert.equal(lru.get('b', 's'), undefined);
    for (const key of ['a', 'c', 'd', 'e']) assert.ok(lru.get(key, 's'), key);
    assert.equal(lru.size, 100);
    lru.set('big', 's', 'X', 26);
    assert.equal(lru.get('big', 's'), undefined, 'more than a quarter of the budget is not kept');
    lru.set('a', 't', 'A2', 10); // replacing an entry gives its bytes back
    assert.equal(lru.size, 85);
  });
});

describe('reusableOutput', () => {
  const model = loadServiceModel('iot');
  const operation = model.operation('ListPackageVersions');
  const output = () => ({
    packageVersionSummaries: [{ packageName: 'fw', versionName: '1.0.0', status: 'DRAFT', creationDate: new Date(0) }],
    nextToken: 'q1.token',
  });

  it('serialises a reusable output once and sends the same bytes again, with headers of its own each time', () => {
    const kept = reusableOutput(output());
    const first = serializeOutput(model, operation, kept);
    kept.nextToken = 'changed'; // never done to a kept answer: here it shows the second answer was not re-serialised
    const second = serializeOutput(model, operation, kept);
    assert.equal(second.body, first.body);
    assert.notEqual(second.headers, first.headers);
    second.headers['x-extra'] = '1';
    assert.equal(serializeOutput(model, operation, kept).headers['x-extra'], undefined);
  });

  it('serialises any other output afresh', () => {
    const plain = output();
    const first = serializeOutput(model, operation, plain);
    plain.nextToken = 'changed';
    assert.match(String(serializeOutput(model, operation, plain).body), /changed/);
    assert.doesNotMatch(String(first.body), /changed/);
  });
});

describe('AnswerCache', () => {
  const context = (accountId: string) =>
    ({ service: 'iot', operation: 'ListPackageVersions', accountId, region: 'us-east-1' }) as RequestContext;
  const counting = () => {
    let made = 0;
    return {
      compute: async () => ({ made: ++made }),
      get made() {
        return made;
      },
    };
  };

  it('hands the kept output object back at the same stamp, and makes a new one at another', async () => {
    const answers = new AnswerCache(1 << 20);
    const maker = counting();
    const first = await answers.answer(context('111111111111'), { packageName: 'fw' }, '7', maker.compute);
    assert.equal(await answers.answer(context('111111111111'), { packageName: 'fw' }, '7', maker.compute), first);
    assert.equal(maker.made, 1);
    const moved = await answers.answer(context('111111111111'), { packageName: 'fw' }, '8', maker.compute);
    assert.notEqual(moved, first);
    assert.equal(maker.made, 2);
  });

  it('keys by account and by every input member, in any order; keeps nothing without a stamp or a budget', async () => {
    const answers = new AnswerCache(1 << 20);
    const maker = counting();
    await answers.answer(context('111111111111'), { packageName: 'fw', maxResults: 1 }, '1', maker.compute);
    await answers.answer(context('111111111111'), { maxResults: 1, packageName: 'fw' }, '1', maker.compute);
    assert.equal(maker.made, 1, 'the same input, members in another order');
    await answers.answer(context('222222222222'), { packageName: 'fw', maxResults: 1 }, '1', maker.compute);
    await answers.answer(context('111111111111'), { packageName: 'fw', maxResults: 2 }, '1', maker.compute);
    await answers.answer(
      context('111111111111'),
      { packageName: 'fw', maxResults: 1, nextToken: 't' },
      '1',
      maker.compute,
    );
    assert.equal(maker.made, 4);
    await answers.answer(context('111111111111'), { packageName: 'x' }, undefined, maker.compute);
    await answers.answer(context('111111111111'), { packageName: 'x' }, undefined, maker.compute);
    assert.equal(maker.made, 6, 'no stamp: made each time');
    const none = new AnswerCache(0);
    await none.answer(context('111111111111'), {}, '1', maker.compute);
    await none.answer(context('111111111111'), {}, '1', maker.compute);
    assert.equal(maker.made, 8, 'no budget: made each time');
  });
});
