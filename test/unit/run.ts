// The unit tier in one process: every test/unit/**/*.test.ts is imported here, so the tier pays for one Node
// and one tsx start instead of one per file (`node --test` spawns a process per file; on two cores that alone
// costs more than the tests). Any file still runs on its own: `node --import tsx --test test/unit/x.test.ts`.
// The tier's promise — no child process, no network — is enforced: both are made to throw before any test loads.
import childProcess from 'node:child_process';
import { readdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const forbidden = (what: string) => () => {
  throw new Error(`the unit tier ${what}; move this test to the end-to-end tier`);
};
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = forbidden(`starts no process (${name})`);
}
net.Socket.prototype.connect = forbidden('opens no connection') as never;
syncBuiltinESMExports();

const root = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .sort();
if (files.length === 0) throw new Error(`no unit tests under ${relative(process.cwd(), root)}`);
for (const file of files) await import(pathToFileURL(join(root, file)).href);
