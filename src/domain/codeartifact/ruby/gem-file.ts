// A `.gem` file: a plain (uncompressed) tar holding `metadata.gz` (the gzipped YAML gemspec), `data.tar.gz`
// (the files) and usually `checksums.yaml.gz`, as `gem build` writes it (Gem::Package). Read with node-tar,
// keeping only metadata.gz in memory; pushes are bounded in size before they get here.
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { invalid } from '../../shared/errors.js';

/** A gemspec larger than this is not a gemspec (rubygems.org's largest are well under 1 MiB). */
const METADATA_MAX = 4 * 1024 * 1024;

/** The gemspec YAML of a `.gem`; a clear 400 when the body is not a gem. */
export async function gemspecYamlOf(bytes: Buffer): Promise<string> {
  // A tar starts with a 512-byte header whose `ustar` magic is at offset 257; a gzip or zip body is not a gem.
  if (bytes.length < 1024 || bytes.subarray(257, 262).toString('latin1') !== 'ustar')
    throw invalid('The request body is not a .gem file: a gem is a tar archive (as `gem build` writes it).');
  const entries = new Set<string>();
  let metadata: Buffer | undefined;
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        entries.add(entry.path);
        if (entry.path !== 'metadata.gz' || entry.size > METADATA_MAX) return entry.resume();
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          metadata = Buffer.concat(chunks);
        });
      },
    });
    parser.on('error', reject);
    parser.on('warn', (_code: string, message: string) => reject(new Error(message)));
    parser.on('end', () => resolve());
    parser.end(bytes);
  }).catch((error: Error) => {
    throw invalid(`The .gem file is not a valid tar archive (${error.message}).`);
  });
  if (!entries.has('data.tar.gz')) throw invalid('The .gem file has no data.tar.gz.');
  if (!metadata) throw invalid('The .gem file has no metadata.gz (its gemspec).');
  try {
    return gunzipSync(metadata, { maxOutputLength: METADATA_MAX }).toString('utf8');
  } catch (error) {
    throw invalid(`The .gem file's metadata.gz is not valid gzip (${(error as Error).message}).`);
  }
}
