// The Store conformance suite on the embedded SQLite backend, on a real file.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/quiver.js';
import { storeConformance } from './conformance.js';

const dir = tempDir('quiver-store-');
const path = join(dir, 'quiver.sqlite');

storeConformance({
  name: 'sqlite',
  open: async () => new SqliteStore(path),
  reopen: async () => new SqliteStore(path),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});
