// The clientToken helper on a real store: a repeat with the same input replays the first result without
// running again; a different input under the same token is a Conflict; racing first calls run once.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CatalogError } from '../../src/domain/shared/errors.js';
import { idempotent } from '../../src/domain/shared/idempotency.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/quiver.js';

const dir = tempDir('quiver-idem-');
const store = new SqliteStore(join(dir, 'q.sqlite'));
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const key = (clientToken: string) => ({
  accountId: '111122223333',
  region: 'us-east-1',
  service: 'iot',
  operation: 'CreatePackageVersion',
  clientToken,
});

describe('clientToken idempotency', () => {
  it('replays the first result for the same input, runs once', async () => {
    let runs = 0;
    const work = async () => ({ version: `v${++runs}` });
    const first = await idempotent(store, key('a'.repeat(36)), { name: 'x', tags: { b: 1, a: 2 } }, 1, work);
    const again = await idempotent(store, key('a'.repeat(36)), { tags: { a: 2, b: 1 }, name: 'x' }, 2, work);
    assert.deepEqual(again, first);
    assert.equal(runs, 1);
  });

  it('rejects the same token with a different input', async () => {
    await idempotent(store, key('b'.repeat(36)), { name: 'x' }, 1, async () => ({ ok: true }));
    await assert.rejects(
      idempotent(store, key('b'.repeat(36)), { name: 'y' }, 1, async () => ({ ok: true })),
      (error: unknown) => error instanceof CatalogError && error.kind === 'Conflict',
    );
  });

  it('ten racing first calls with one token run the work once', async () => {
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        idempotent(store, key('c'.repeat(36)), { name: 'z' }, 1, async () => ({ run: ++runs })),
      ),
    );
    assert.equal(runs, 1);
    assert.ok(results.every((result) => result.run === 1));
  });

  it('a failed first call leaves the token unused', async () => {
    await assert.rejects(
      idempotent(store, key('d'.repeat(36)), {}, 1, async () => {
        throw new Error('nope');
      }),
    );
    assert.deepEqual(await idempotent(store, key('d'.repeat(36)), {}, 1, async () => ({ second: true })), {
      second: true,
    });
  });
});
