// The core metadata inside a distribution file: a wheel's `<name>-<ver>.dist-info/METADATA` (a zip, read with
// fflate, inflating only that entry) or an sdist's top-level `<name>-<ver>/PKG-INFO` (a tar.gz, read with
// node-tar; the rare zip sdist with fflate). Uploads are bounded in size before they get here.
import { Parser, type ReadEntry } from 'tar';
import { unzipSync } from 'fflate';
import { invalid } from '../../shared/errors.js';
import type { DistributionKind } from './names.js';

const METADATA_MAX = 8 * 1024 * 1024;

function fromZip(bytes: Buffer, wanted: (path: string) => boolean, what: string): Buffer {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => wanted(file.name) && file.originalSize <= METADATA_MAX });
  } catch (error) {
    throw invalid(`The ${what} is not a valid zip archive (${(error as Error).message}).`);
  }
  const found = Object.entries(files);
  if (found.length !== 1)
    throw invalid(
      found.length === 0
        ? `The ${what} has no core metadata file.`
        : `The ${what} has ${found.length} core metadata files: ${found.map(([name]) => name).join(', ')}.`,
    );
  return Buffer.from(found[0]![1]);
}

async function fromTarGz(bytes: Buffer): Promise<Buffer> {
  const found: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      filter: (path) => /^[^/]+\/PKG-INFO$/.test(path),
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => found.push(Buffer.concat(chunks)));
      },
    });
    parser.on('error', reject);
    parser.on('warn', (_code: string, message: string) => reject(new Error(message)));
    parser.on('end', () => resolve());
    parser.end(bytes);
  }).catch((error: Error) => {
    throw invalid(`The sdist is not a valid .tar.gz archive (${error.message}).`);
  });
  if (found.length !== 1)
    throw invalid(
      found.length === 0 ? 'The sdist has no top-level PKG-INFO.' : 'The sdist has more than one top-level PKG-INFO.',
    );
  return found[0]!;
}

/** The raw core metadata file of a distribution; a clear 400 when the archive is broken or has none. */
export async function extractCoreMetadata(kind: DistributionKind, filename: string, bytes: Buffer): Promise<Buffer> {
  if (kind === 'wheel') return fromZip(bytes, (path) => /^[^/]+\.dist-info\/METADATA$/.test(path), 'wheel');
  if (filename.endsWith('.zip')) return fromZip(bytes, (path) => /^[^/]+\/PKG-INFO$/.test(path), 'sdist');
  return fromTarGz(bytes);
}
