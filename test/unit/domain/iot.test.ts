// The IoT Software Package Catalog lifecycle over a temporary SQLite file: DRAFT → PUBLISHED ⇄ DEPRECATED,
// what may change in which status, and the default-version rules.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FsBlobStore } from '../../../src/blobs/fs-blob-store.js';
import { BlobLifecycle } from '../../../src/domain/codeartifact/blob-lifecycle.js';
import { Packages } from '../../../src/domain/codeartifact/packages.js';
import { PackageVersions } from '../../../src/domain/codeartifact/versions.js';
import { IotPackages, MAX_ATTRIBUTE_BYTES } from '../../../src/domain/iot/catalog.js';
import type { Caller } from '../../../src/domain/shared/caller.js';
import { CatalogError, type CatalogErrorKind } from '../../../src/domain/shared/errors.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';

const caller: Caller = { accountId: '111122223333', region: 'eu-west-1', accessKeyId: 'AKIDUNIT' };
const now = Date.UTC(2026, 11, 1);
let dir: string;
let store: SqliteStore;
let iot: IotPackages;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quiver-unit-iot-'));
  store = new SqliteStore(join(dir, 'quiver.sqlite'));
  const blobs = new FsBlobStore(join(dir, 'blobs'));
  await blobs.init();
  iot = new IotPackages(store, new PackageVersions(new Packages(store, new BlobLifecycle(store, blobs))));
  await iot.createPackage(caller, 'firmware', 'the firmware', {}, now);
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(work: Promise<unknown>, kind: CatalogErrorKind, message: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof CatalogError, String(error));
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, message);
    return true;
  });
}

const status = async (version: string) => (await iot.getVersion(caller, 'firmware', version)).status;

describe('IoT package versions', () => {
  it('go DRAFT → PUBLISHED → DEPRECATED → PUBLISHED, never back to DRAFT', async () => {
    await iot.createVersion(caller, 'firmware', '1.0', { attributes: { board: 'a' }, tags: {} }, now);
    assert.equal(await status('1.0'), 'DRAFT');
    await refusal(
      iot.updateVersion(caller, 'firmware', '1.0', { action: 'DEPRECATE' }, now),
      'Conflict',
      /is DRAFT: action DEPRECATE is not allowed/,
    );
    await iot.updateVersion(caller, 'firmware', '1.0', { action: 'PUBLISH' }, now);
    assert.equal(await status('1.0'), 'PUBLISHED');
    await refusal(
      iot.updateVersion(caller, 'firmware', '1.0', { action: 'PUBLISH' }, now),
      'Conflict',
      /is PUBLISHED: action PUBLISH is not allowed/,
    );
    await iot.updateVersion(caller, 'firmware', '1.0', { action: 'DEPRECATE' }, now);
    await iot.updateVersion(caller, 'firmware', '1.0', { action: 'PUBLISH' }, now);
    assert.equal(await status('1.0'), 'PUBLISHED');
  });

  it('attributes change only in DRAFT; the description always', async () => {
    await refusal(
      iot.updateVersion(caller, 'firmware', '1.0', { attributes: { board: 'b' } }, now),
      'Conflict',
      /attributes can change only while a version is DRAFT/,
    );
    await iot.updateVersion(caller, 'firmware', '1.0', { description: 'now described' }, now);
    const version = await iot.getVersion(caller, 'firmware', '1.0');
    assert.deepEqual([version.document.description, version.document.attributes], ['now described', { board: 'a' }]);
    await refusal(
      iot.createVersion(
        caller,
        'firmware',
        '2.0',
        { attributes: { k: 'v'.repeat(MAX_ATTRIBUTE_BYTES) }, tags: {} },
        now,
      ),
      'Invalid',
      new RegExp(`at most ${MAX_ATTRIBUTE_BYTES} bytes`),
    );
  });

  it('a DRAFT cannot be the default; the default cannot be deleted; a package with versions cannot be deleted', async () => {
    await iot.createVersion(caller, 'firmware', '1.1', { tags: {} }, now);
    await refusal(
      iot.updatePackage(caller, 'firmware', { defaultVersionName: '1.1' }, now),
      'Conflict',
      /1.1 is a DRAFT: only a PUBLISHED or DEPRECATED version can be the default/,
    );
    await iot.updatePackage(caller, 'firmware', { defaultVersionName: '1.0' }, now);
    await refusal(
      iot.deleteVersion(caller, 'firmware', '1.0'),
      'Invalid',
      /is the default version of package firmware/,
    );
    await refusal(iot.deletePackage(caller, 'firmware'), 'Invalid', /still has 2 versions/);
    await iot.updatePackage(caller, 'firmware', { unsetDefaultVersion: true }, now);
    await iot.deleteVersion(caller, 'firmware', '1.0');
    await iot.deleteVersion(caller, 'firmware', '1.1');
    await iot.deletePackage(caller, 'firmware');
    await refusal(iot.getPackage(caller, 'firmware'), 'NotFound', /Package firmware not found/);
  });
});
