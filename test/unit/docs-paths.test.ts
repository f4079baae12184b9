// The docs name files; a file that moves or goes leaves them wrong. Every `src/…` and `test/…` path in
// README.md and docs/*.md must exist (placeholders such as `<service>`, globs and `{a,b}` lists are read up to
// where they start, so their fixed part is still checked).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The src/ and test/ paths a document names, each with the line it is on. */
function pathsIn(text: string): { path: string; line: number }[] {
  const found: { path: string; line: number }[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(/(?<![\w./-])(?:src|test)\/[\w./-]*/g)) {
      found.push({ path: match[0].replace(/[.,:;-]+$/, ''), line: index + 1 });
    }
  });
  return found;
}

it('README.md and docs/*.md name only src/ and test/ paths that exist', () => {
  const stale: string[] = [];
  let checked = 0;
  for (const document of documents) {
    for (const { path, line } of pathsIn(readFileSync(join(root, document), 'utf8'))) {
      checked++;
      if (!existsSync(join(root, path))) stale.push(`${document}:${line}: ${path}`);
    }
  }
  assert.deepEqual(stale, [], `stale paths in the docs:\n${stale.join('\n')}`);
  assert.ok(checked > 20, `only ${checked} paths found: is the pattern still right?`);
});

it('the path finder reads what the docs write', () => {
  assert.deepEqual(
    pathsIn('see `src/aws/router.ts`, src/store/sql/{identity,catalog}.ts and (test/unit/run.ts).\nnot mysrc/x'),
    [
      { path: 'src/aws/router.ts', line: 1 },
      { path: 'src/store/sql/', line: 1 },
      { path: 'test/unit/run.ts', line: 1 },
    ],
  );
});
