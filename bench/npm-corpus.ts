// Synthetic but realistic npm packages for the bench: real gzipped tarballs (package/package.json, an
// index.js of incompressible-ish content, a README) and the publish documents `npm publish` sends. The
// same documents are published to every registry under test, so they all serve the same packages.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';

export interface PublishDocument {
  name: string;
  version: string;
  body: string;
  tarballBytes: number;
}

/** Deterministic filler: hex of a SHA-256 chain, about half as compressible as source code. */
function filler(seed: string, bytes: number): string {
  const out: string[] = [];
  let digest = seed;
  for (let size = 0; size < bytes; size += 64) {
    digest = createHash('sha256').update(digest).digest('hex');
    out.push(size % 640 === 0 ? `\n// ${digest}` : digest);
  }
  return `module.exports = ${JSON.stringify(seed)};\n${out.join('')}\n`;
}

export function manifestOf(
  name: string,
  version: string,
  dependencies: Record<string, string>,
): Record<string, unknown> {
  return {
    name,
    version,
    description: `${name}: a package of the Quiver benchmark corpus`,
    main: 'index.js',
    scripts: { test: 'node index.js' },
    repository: { type: 'git', url: `git+https://example.com/bench/${name}.git` },
    keywords: ['bench', 'quiver', 'registry'],
    author: 'Quiver bench <bench@example.com>',
    license: 'MIT',
    dependencies,
    engines: { node: '>=18' },
  };
}

/** One version's tarball and the publish document carrying it (base64 attachment, integrity, shasum). */
export async function publishDocument(
  name: string,
  version: string,
  dependencies: Record<string, string>,
  codeBytes: number,
): Promise<PublishDocument> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-pkg-'));
  try {
    const manifest = manifestOf(name, version, dependencies);
    mkdirSync(join(dir, 'package'));
    writeFileSync(join(dir, 'package/package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(dir, 'package/index.js'), filler(`${name}@${version}`, codeBytes));
    writeFileSync(join(dir, 'package/README.md'), `# ${name}\n\nVersion ${version} of a benchmark package.\n`);
    await tar.c(
      { gzip: true, cwd: dir, file: join(dir, 'package.tgz'), portable: true, mtime: new Date('2026-01-01T00:00:00Z') },
      ['package'],
    );
    const tarball = readFileSync(join(dir, 'package.tgz'));
    const file = `${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
    const body = JSON.stringify({
      _id: name,
      name,
      description: manifest.description,
      'dist-tags': { latest: version },
      versions: {
        [version]: {
          ...manifest,
          _id: `${name}@${version}`,
          readme: `# ${name}`,
          _nodeVersion: '20.20.2',
          _npmVersion: '11.19.1',
          dist: {
            integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
            shasum: createHash('sha1').update(tarball).digest('hex'),
            tarball: `http://registry.invalid/${name}/-/${file}`,
          },
        },
      },
      access: null,
      _attachments: {
        [file]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length },
      },
    });
    return { name, version, body, tarballBytes: tarball.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The cold-install corpus: `count` packages of three versions each, wired as a binary tree plus a few cross
 * links (package i depends on 2i+1, 2i+2 and 7i mod count when that comes later), all with `^1.0.0` ranges, so a
 * project depending on the first few installs every one of them — about as many as a mid-sized app's tree.
 */
export function coldInstallGraph(count: number): { name: string; dependencies: Record<string, string> }[] {
  const name = (i: number) => `cold-${String(i).padStart(3, '0')}`;
  return Array.from({ length: count }, (_, i) => {
    const deps = [2 * i + 1, 2 * i + 2, (7 * i) % count].filter((j) => j > i && j < count);
    return { name: name(i), dependencies: Object.fromEntries(deps.map((j) => [name(j), '^1.0.0'])) };
  });
}
