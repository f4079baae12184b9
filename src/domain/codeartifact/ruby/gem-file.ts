// A `.gem` file: a plain (uncompressed) tar holding `metadata.gz` (the gzipped YAML gemspec), `data.tar.gz`
// (the files) and usually `checksums.yaml.gz`, as `gem build` writes it (Gem::Package). Read with node-tar
// (tar-entries.ts), keeping only metadata.gz in memory; pushes are bounded in size before they get here.
import { gunzipSync } from 'node:zlib';
import { invalid } from '../../shared/errors.js';
import { readTarEntries } from '../tar-entries.js';

/** A gemspec larger than this is not a gemspec (rubygems.org's largest are well under 1 MiB). */
const METADATA_MAX = 4 * 1024 * 1024;

/** The gemspec YAML of a `.gem`; a clear 400 when the body is not a gem. */
export async function gemspecYamlOf(bytes: Buffer): Promise<string> {
  // A tar starts with a 512-byte header whose `ustar` magic is at offset 257; a gzip or zip body is not a gem.
  // A gzip stream can carry `ustar` there too (in its header's extra field), and node-tar would inflate it.
  const compressed = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (bytes.length < 1024 || compressed || bytes.subarray(257, 262).toString('latin1') !== 'ustar')
    throw invalid('The request body is not a .gem file: a gem is a tar archive (as `gem build` writes it).');
  let entries: Set<string>;
  let metadata: Buffer | undefined;
  try {
    const reading = await readTarEntries(bytes, {
      keep: (path) => path === 'metadata.gz',
      maxEntryBytes: METADATA_MAX,
      maxTotalBytes: bytes.length,
      plain: true,
      enough: (r) => r.kept.has('metadata.gz') && r.paths.includes('data.tar.gz'),
    });
    entries = new Set(reading.paths);
    metadata = reading.kept.get('metadata.gz');
  } catch (error) {
    throw invalid(`The .gem file is not a valid tar archive (${(error as Error).message}).`);
  }
  if (!entries.has('data.tar.gz')) throw invalid('The .gem file has no data.tar.gz.');
  if (!metadata) throw invalid('The .gem file has no metadata.gz (its gemspec).');
  try {
    return gunzipSync(metadata, { maxOutputLength: METADATA_MAX }).toString('utf8');
  } catch (error) {
    throw invalid(`The .gem file's metadata.gz is not valid gzip (${(error as Error).message}).`);
  }
}
