// Input validation by the model, and the codec's type checks in front of it: the messages a user reads when a
// request is wrong, with the wire path of the member at fault.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindInput, parseQuery } from '../../../src/aws/codec.js';
import { type Operation, ServiceModel, type Shape } from '../../../src/aws/model.js';
import { patternRegExp, validateStructure } from '../../../src/aws/validate.js';

const shapes: Record<string, Shape> = {
  Input: {
    type: 'structure',
    required: ['domain', 'count'],
    members: {
      domain: { shape: 'Name', location: 'uri', locationName: 'domain' },
      count: { shape: 'Count', location: 'querystring', locationName: 'max-results' },
      format: { shape: 'Format' },
      upstreams: { shape: 'Upstreams' },
      tags: { shape: 'Tags' },
      label: { shape: 'Label' },
      when: { shape: 'When' },
    },
  },
  Name: { type: 'string', min: 2, max: 5, pattern: '[a-z]+' },
  Count: { type: 'integer', min: 1, max: 100 },
  Format: { type: 'string', enum: ['npm', 'pypi'] },
  Upstreams: { type: 'list', member: { shape: 'Upstream' }, max: 2 },
  Upstream: { type: 'structure', required: ['repositoryName'], members: { repositoryName: { shape: 'Name' } } },
  Tags: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Label' }, max: 1 },
  Label: { type: 'string', max: 3 },
  When: { type: 'timestamp' },
};
const model = new ServiceModel(
  {
    metadata: { signingName: 'test', serviceId: 'Test', apiVersion: '2026-01-01', endpointPrefix: 'test' },
    operations: {
      Op: { name: 'Op', http: { method: 'POST', requestUri: '/d/{domain}' }, input: { shape: 'Input' } } as Operation,
    },
    shapes,
  },
  {},
);

function problemsOf(value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  validateStructure(model, model.shape('Input'), value, '', problems);
  return problems;
}

const valid = { domain: 'abc', count: 10 };

describe('validate: every constraint of the model, in Coral wording, at the wire path', () => {
  it('a valid input has no problems', () => {
    assert.deepEqual(
      problemsOf({ ...valid, format: 'npm', upstreams: [{ repositoryName: 'up' }], tags: { ab: 'x' } }),
      [],
    );
  });

  it('required members, by their wire name', () => {
    assert.deepEqual(problemsOf({}), [
      "Value null at 'domain' failed to satisfy constraint: Member must not be null",
      "Value null at 'max-results' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it('a pattern must match the whole value, although botocore patterns are unanchored', () => {
    assert.deepEqual(problemsOf({ ...valid, domain: 'ab1' }), [
      "Value 'ab1' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
    ]);
    assert.equal(patternRegExp('[a-z]+').test('abc'), true);
    assert.equal(patternRegExp('a|b').test('ab'), false, 'alternation is anchored as a whole');
  });

  it('lengths count code points; numbers have value bounds; enums list their values', () => {
    assert.deepEqual(problemsOf({ ...valid, label: '😀😀😀' }), []);
    assert.deepEqual(problemsOf({ ...valid, label: '😀😀😀😀' }), [
      "Value '😀😀😀😀' at 'label' failed to satisfy constraint: Member must have length less than or equal to 3",
    ]);
    assert.deepEqual(problemsOf({ ...valid, domain: 'a', count: 0 }), [
      "Value 'a' at 'domain' failed to satisfy constraint: Member must have length greater than or equal to 2",
      "Value '0' at 'max-results' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ]);
    assert.deepEqual(problemsOf({ ...valid, format: 'maven' }), [
      "Value 'maven' at 'format' failed to satisfy constraint: Member must satisfy enum value set: [npm, pypi]",
    ]);
  });

  it('nested members are named as AWS names them: list items from 1, map keys and values', () => {
    assert.deepEqual(problemsOf({ ...valid, upstreams: [{ repositoryName: 'ok' }, {}] }), [
      "Value null at 'upstreams.2.member.repositoryName' failed to satisfy constraint: Member must not be null",
    ]);
    assert.deepEqual(problemsOf({ ...valid, tags: { Q: 'long' } }), [
      "Value 'Q' at 'tags.Q.key' failed to satisfy constraint: Member must have length greater than or equal to 2",
      "Value 'Q' at 'tags.Q.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
      "Value 'long' at 'tags.Q.value' failed to satisfy constraint: Member must have length less than or equal to 3",
    ]);
    assert.equal(
      problemsOf({ ...valid, upstreams: [{ repositoryName: 'a1' }, { repositoryName: 'b' }, {}] }).length,
      4,
    );
  });
});

describe('codec: wrong types are problems with the member path, never exceptions', () => {
  const operation = model.operation('Op');
  const bind = (query: string, body: string) =>
    bindInput(
      model,
      operation,
      { method: 'POST', rawPath: '/d/abc', query: parseQuery(query), headers: {}, body: Buffer.from(body) },
      { domain: 'abc' },
    );

  it('binds labels, query and body members by their wire names', () => {
    const { input, problems } = bind(
      'max-results=5',
      '{"format":"npm","when":1700000000.5,"upstreams":[{"repositoryName":"up"}]}',
    );
    assert.deepEqual(problems.problems, []);
    assert.deepEqual(input, {
      domain: 'abc',
      count: 5,
      format: 'npm',
      when: new Date(1_700_000_000_500),
      upstreams: [{ repositoryName: 'up' }],
    });
  });

  it('a word where a number goes, a number where a string goes, a bad timestamp', () => {
    const { problems } = bind(
      'max-results=ten',
      '{"format":7,"when":"yesterday","upstreams":[{"repositoryName":["x"]}]}',
    );
    assert.equal(problems.cannotParse, false);
    assert.deepEqual(problems.problems, [
      "Value 'ten' at 'max-results' failed to satisfy constraint: Member must be a number",
      "Value '7' at 'format' failed to satisfy constraint: Member must be a string",
      `Value '["x"]' at 'upstreams.1.member.repositoryName' failed to satisfy constraint: Member must be a string`,
      "Value 'yesterday' at 'when' failed to satisfy constraint: Member must be a timestamp",
    ]);
  });

  it('a body that is not JSON, or not a JSON object, cannot be parsed', () => {
    assert.equal(bind('max-results=1', '{"format":').problems.cannotParse, true);
    const notObject = bind('max-results=1', '[1,2]').problems;
    assert.equal(notObject.cannotParse, true);
    assert.deepEqual(notObject.problems, ['The request body must be a JSON object']);
  });

  it('a query string keeps repeated names in order and + as +; a bad escape throws for the engine to report', () => {
    assert.deepEqual(
      [...parseQuery('a=1&b=x+y&a=2&flag')],
      [
        ['a', ['1', '2']],
        ['b', ['x+y']],
        ['flag', ['']],
      ],
    );
    assert.throws(() => parseQuery('a=%E0%A4%A'), URIError);
  });
});
