// Uploaded tars (.gem) and tar.gz (.crate) are read at a bounded cost (src/domain/codeartifact/tar-entries.ts):
// small hostile uploads used to block the event loop for tens of seconds inside node-tar.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { checkCrateFile } from '../../../src/domain/codeartifact/cargo/crate-file.js';
import { gemspecYamlOf } from '../../../src/domain/codeartifact/ruby/gem-file.js';
import { CatalogError } from '../../../src/domain/shared/errors.js';

/** One ustar entry: header and content padded to 512-byte blocks. */
function tarEntry(path: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(path, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([header, content, Buffer.alloc((512 - (content.length % 512)) % 512)]);
}
const END = Buffer.alloc(1024);
const MANIFEST = Buffer.from('[package]\nname = "big"\nversion = "0.1.0"\n');

const invalidWith = (pattern: RegExp) => (error: unknown) =>
  error instanceof CatalogError && error.kind === 'Invalid' && pattern.test(error.message);

/** How long `run` takes, and the longest the event loop went without a turn meanwhile. */
async function timed(run: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  let last = Date.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    stallMs = Math.max(stallMs, Date.now() - last);
    last = Date.now();
  }, 5);
  const start = Date.now();
  try {
    await run().catch(() => undefined);
  } finally {
    clearInterval(ticker);
  }
  stallMs = Math.max(stallMs, Date.now() - last);
  return { ms: Date.now() - start, stallMs };
}

test('a .crate of 16 MiB near-zeros (29 KB gzip, under the 1000:1 ratio bound) is refused at once', async () => {
  const crate = gzipSync(nearZeros(16 * 1024 * 1024), { level: 9 });
  let outcome: unknown;
  const { ms, stallMs } = await timed(() =>
    checkCrateFile(crate, 'big', '0.1.0').catch((error: unknown) => {
      outcome = error;
    }),
  );
  assert.ok(invalidWith(/not a valid gzip-compressed tar/)(outcome), String(outcome));
  assert.ok(ms < 1000, `took ${ms} ms (node-tar fed the whole body at once took ~8 s)`);
  assert.ok(stallMs < 500, `the event loop stalled ${stallMs} ms`);
});

/** `size` bytes of zeros with a nonzero byte every 4 KiB: gzip shrinks them ~580:1, under node-tar's ratio bound. */
function nearZeros(size: number): Buffer {
  const plain = Buffer.alloc(size);
  for (let i = 0; i < plain.length; i += 4096) plain[i] = randomBytes(1)[0]! | 1;
  return plain;
}

test('a .crate whose end-of-archive blocks are followed by 32 MiB of near-zeros is read up to its end', async () => {
  const crate = gzipSync(
    Buffer.concat([tarEntry('big-0.1.0/Cargo.toml', MANIFEST), END, nearZeros(32 * 1024 * 1024)]),
    { level: 9 },
  );
  const { ms, stallMs } = await timed(() => checkCrateFile(crate, 'big', '0.1.0'));
  await checkCrateFile(crate, 'big', '0.1.0'); // accepted: what follows the archive's end is not read
  assert.ok(ms < 1000, `took ${ms} ms`);
  assert.ok(stallMs < 500, `the event loop stalled ${stallMs} ms`);
});

test('a .crate declaring more than 512 MiB of entries is refused before it is inflated', async () => {
  const header = tarEntry('big-0.1.0/junk', Buffer.alloc(0));
  header.write(`${(600 * 1024 * 1024).toString(8).padStart(11, '0')}\0`, 124);
  header.write('        ', 148);
  let sum = 0;
  for (const byte of header.subarray(0, 512)) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const crate = gzipSync(Buffer.concat([header, Buffer.alloc(1024 * 1024)]));
  await assert.rejects(checkCrateFile(crate, 'big', '0.1.0'), invalidWith(/more than 536870912 bytes/));
});

test('a gzip stream carrying "ustar" at offset 257 is not taken for a .gem', async () => {
  const deflated = gzipSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 });
  const extra = Buffer.alloc(300);
  extra.write('ustar', 257 - 12);
  const disguised = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 3, extra.length & 255, extra.length >> 8]),
    extra,
    deflated.subarray(10),
  ]);
  assert.equal(disguised.subarray(257, 262).toString('latin1'), 'ustar');
  await assert.rejects(gemspecYamlOf(disguised), invalidWith(/not a \.gem file/));
});

test('a plain-tar .gem still yields its gemspec', async () => {
  const yaml = '--- !ruby/object:Gem::Specification\nname: a\n';
  const gem = Buffer.concat([
    tarEntry('metadata.gz', gzipSync(yaml)),
    tarEntry('data.tar.gz', gzipSync(END)),
    tarEntry('checksums.yaml.gz', gzipSync('---\n')),
    END,
  ]);
  assert.equal(await gemspecYamlOf(gem), yaml);
  const noData = Buffer.concat([tarEntry('metadata.gz', gzipSync(yaml)), END]);
  await assert.rejects(gemspecYamlOf(noData), invalidWith(/no data\.tar\.gz/));
});
