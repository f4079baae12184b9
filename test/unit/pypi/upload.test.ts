import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { RegistryError } from '../../../src/registries/common/errors.js';
import { field, parseLegacyUpload } from '../../../src/registries/pypi/upload.js';

const boundary = 'xYzZy';
function form(parts: { name: string; value: string | Buffer; filename?: string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };

test('a twine upload: repeated fields kept in order, the file in memory', async () => {
  const body = form([
    { name: ':action', value: 'file_upload' },
    { name: 'name', value: 'Demo.Pkg-X' },
    { name: 'requires_dist', value: 'a' },
    { name: 'requires_dist', value: 'b' },
    { name: 'summary', value: '' },
    { name: 'content', value: Buffer.from([0, 1, 2, 255]), filename: 'demo-1.0.tar.gz' },
  ]);
  const upload = await parseLegacyUpload(Readable.from([body]), headers, 1024);
  assert.equal(field(upload, 'name'), 'Demo.Pkg-X');
  assert.equal(field(upload, 'summary'), undefined);
  assert.deepEqual(upload.fields.get('requires_dist'), ['a', 'b']);
  assert.equal(upload.filename, 'demo-1.0.tar.gz');
  assert.deepEqual([...upload.content], [0, 1, 2, 255]);
});

test('no file, a second file, a non-multipart body and a broken one are 400s', async () => {
  await assert.rejects(
    parseLegacyUpload(Readable.from([form([{ name: 'name', value: 'x' }])]), headers, 1024),
    /no "content" file/,
  );
  const twoFiles = form([
    { name: 'content', value: 'a', filename: 'a-1.tar.gz' },
    { name: 'content', value: 'b', filename: 'b-1.tar.gz' },
  ]);
  await assert.rejects(parseLegacyUpload(Readable.from([twoFiles]), headers, 1024), /exactly one file/);
  await assert.rejects(
    parseLegacyUpload(Readable.from(['{}']), { 'content-type': 'application/json' }, 1024),
    /multipart\/form-data/,
  );
  await assert.rejects(parseLegacyUpload(Readable.from(['--xYzZy\r\nContent-Disp']), headers, 1024), (error: Error) =>
    /malformed|no "content"/.test(error.message),
  );
  await assert.rejects(
    parseLegacyUpload(Readable.from(['x']), { 'content-type': 'multipart/form-data' }, 1024),
    /cannot be parsed|malformed/,
  );
});

test('a file over the limit is a 413', async () => {
  const body = form([{ name: 'content', value: Buffer.alloc(2048), filename: 'a-1.tar.gz' }]);
  await assert.rejects(
    parseLegacyUpload(Readable.from([body]), headers, 1024),
    (error: unknown) => error instanceof RegistryError && error.status === 413,
  );
});
