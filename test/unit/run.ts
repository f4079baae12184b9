// The unit tier in one process: every test/unit/**/*.test.ts is imported here, so the tier pays for one Node
// and one tsx start instead of one per file (`node --test` spawns a process per file; on two cores that alone
// costs more than the tests). Any file still runs on its own: `node --import tsx --test test/unit/x.test.ts`.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .sort();
if (files.length === 0) throw new Error(`no unit tests under ${relative(process.cwd(), root)}`);
for (const file of files) await import(pathToFileURL(join(root, file)).href);
