// `quiver backup <dir>` and `quiver restore <dir>` for the embedded store: the SQLite catalog and the blobs it
// references, taken while Quiver serves.
//
//   backup:  snapshot the catalog (one instant: snapshot.ts) → copy every blob the snapshot's assets reference,
//            each checked against its sha256 as it is written. A blob deleted after the snapshot (a version
//            disposed meanwhile) cannot be copied: a new snapshot is taken — it no longer references that blob,
//            because bytes are deleted only after the catalog stopped pointing at them — and the copy resumes
//            (blobs already copied are kept: they are content-addressed).
//   restore: into an empty data directory only: every blob into the configured blob store (files or S3),
//            checked against its sha256, then the catalog last, then the consistency check `quiver check` runs.
// PostgreSQL + S3 has its own tools (pg_dump, bucket versioning): docs/operations.md.
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobStore } from '../blobs/blobs.js';
import { FsBlobStore } from '../blobs/fs-blob-store.js';
import { ConfigError, type Config } from '../config.js';
import { catalogProblems } from '../domain/integrity.js';
import { openBlobStore } from '../server.js';
import { snapshotSqlite } from '../store/sqlite/snapshot.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ProgressBar } from './progress.js';

const CATALOG = 'quiver.sqlite';
const MANIFEST = 'quiver-backup.json';
const SNAPSHOT_ATTEMPTS = 5;

interface Manifest {
  format: 1;
  createdAt: string;
  blobs: number;
  bytes: number;
}

function embeddedOnly(config: Config, command: string): void {
  if (config.databaseUrl)
    throw new ConfigError(
      `quiver ${command} works on the embedded SQLite store; with QUIVER_DATABASE_URL use pg_dump and the blob bucket's versioning (docs/operations.md)`,
    );
}

async function isEmptyDir(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  return (await readdir(dir)).length === 0;
}

/** The digests the catalog at `path` references (read through the Store contract, like `quiver check`). */
async function referencedDigests(path: string): Promise<string[]> {
  const store = new SqliteStore(path);
  try {
    return (await store.read((tx) => tx.referencedBlobDigests())).sort();
  } finally {
    await store.close();
  }
}

/** Copies each digest from one store to the other, verified; returns the digests `from` no longer has. */
async function copyBlobs(
  from: BlobStore,
  to: BlobStore,
  digests: string[],
  bar: ProgressBar,
): Promise<{ missing: string[]; bytes: number }> {
  const missing: string[] = [];
  let bytes = 0;
  let done = 0;
  for (const sha256 of digests) {
    if (!(await to.has(sha256))) {
      const stream = await from.get(sha256);
      if (stream) bytes += (await to.put(stream, sha256)).size;
      else missing.push(sha256);
    }
    bar.update(++done, digests.length);
  }
  return { missing, bytes };
}

export async function backup(config: Config, dir: string): Promise<string> {
  embeddedOnly(config, 'backup');
  const source = join(config.dataDir, CATALOG);
  if (!existsSync(source)) throw new ConfigError(`there is no catalog to back up at ${source}`);
  if (!(await isEmptyDir(dir))) throw new ConfigError(`the backup directory ${dir} is not empty`);
  await mkdir(dir, { recursive: true });
  const blobs = await openBlobStore(config);
  const copies = new FsBlobStore(join(dir, 'blobs'));
  await copies.init();
  const snapshot = join(dir, CATALOG);
  for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
    const taken = new Date();
    await rm(snapshot, { force: true });
    snapshotSqlite(source, snapshot);
    const digests = await referencedDigests(snapshot);
    const bar = new ProgressBar('backup', { unit: 'blobs' });
    const { missing, bytes } = await copyBlobs(blobs, copies, digests, bar);
    if (missing.length === 0) {
      const manifest: Manifest = { format: 1, createdAt: taken.toISOString(), blobs: digests.length, bytes };
      await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      bar.finish(`${digests.length} blobs`);
      return `backed up the catalog as of ${manifest.createdAt} and ${digests.length} blobs to ${dir}`;
    }
    bar.finish(`${missing.length} blobs were deleted after the snapshot; taking a new one`);
  }
  throw new Error(`blobs kept disappearing after ${SNAPSHOT_ATTEMPTS} snapshots; try again when fewer are deleted`);
}

export async function restore(config: Config, dir: string): Promise<string> {
  embeddedOnly(config, 'restore');
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath) || !existsSync(join(dir, CATALOG)))
    throw new ConfigError(`${dir} is not a complete quiver backup (no ${MANIFEST} or ${CATALOG})`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new ConfigError(`${dir} is a backup of format ${manifest.format}, not 1`);
  if (!(await isEmptyDir(config.dataDir)))
    throw new ConfigError(`restore needs an empty data directory; ${config.dataDir} is not empty`);
  await mkdir(config.dataDir, { recursive: true });

  const digests = await referencedDigests(join(dir, CATALOG));
  const blobs = await openBlobStore(config);
  const bar = new ProgressBar('restore', { unit: 'blobs' });
  const { missing } = await copyBlobs(new FsBlobStore(join(dir, 'blobs')), blobs, digests, bar);
  if (missing.length > 0) throw new Error(`the backup lacks ${missing.length} blobs its catalog references`);
  bar.finish(`${digests.length} blobs`);
  // The catalog goes in last: an interrupted restore leaves no catalog pointing at blobs not yet copied.
  const target = join(config.dataDir, CATALOG);
  await copyFile(join(dir, CATALOG), `${target}.restoring`);
  await rename(`${target}.restoring`, target);

  const store = new SqliteStore(target);
  try {
    const problems = await catalogProblems(store, blobs);
    if (problems.length > 0) throw new Error(`the restored catalog is not consistent:\n${problems.join('\n')}`);
  } finally {
    await store.close();
  }
  return `restored the catalog as of ${manifest.createdAt} and ${digests.length} blobs into ${config.dataDir}; store is consistent`;
}
