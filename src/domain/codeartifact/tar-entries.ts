// Reading a few entries of an uploaded tar (a .gem) or tar.gz (a .crate) with node-tar, at a bounded cost.
// Handed a whole buffer at once, node-tar inflates and parses it synchronously inside that one call, keeps going
// after it has reported the archive invalid, and copies what follows the end-of-archive blocks again with every
// inflated chunk: a 58 KB crate of gzip-compressed zeros blocked the event loop for 26 s. So the archive is
// written in small slices with a turn of the event loop between them, and reading stops at the first warning,
// at the end-of-archive blocks, once the caller has what it wants, or when the entries declare more than
// `maxTotalBytes`.
import { Parser, type ReadEntry } from 'tar';

/** Compressed bytes written at a time: at node-tar's 1000:1 ratio bound, at most ~16 MiB inflated per turn. */
const SLICE = 16 * 1024;
const BLOCK = 512;

export interface TarReading {
  /** Every entry path seen, in order. */
  paths: string[];
  /** The kept entries' bytes, by path. */
  kept: Map<string, Buffer>;
}

export interface TarReadOptions {
  /** Which entries to keep in memory. */
  keep: (path: string) => boolean;
  /** A kept entry larger than this refuses the archive. */
  maxEntryBytes: number;
  /** The sum of the entries' declared sizes (headers included) past which the archive is refused. */
  maxTotalBytes: number;
  /** Whether what has been read is all the caller needs (reading stops there). */
  enough?: (reading: TarReading) => boolean;
  /** A .gem is a plain tar: no brotli or zstd guessing (gzip is refused by the caller, node-tar always tries it). */
  plain?: boolean;
}

/** Reads the archive's entries; throws an Error naming the problem (callers word it as their 400). */
export async function readTarEntries(archive: Buffer, options: TarReadOptions): Promise<TarReading> {
  const reading: TarReading = { paths: [], kept: new Map() };
  let failure: Error | undefined;
  let done = false;
  let declared = 0;
  // Assigned below: aborting stops node-tar in the middle of the slice it is parsing.
  let parser: Parser | undefined;
  const fail = (error: Error) => {
    if (failure || done) return;
    failure = error;
    parser?.abort(error);
  };
  // Past the end-of-archive blocks, or with all it wants, node-tar need not look at another byte.
  const stop = () => {
    if (done || failure) return;
    done = true;
    parser?.abort(new Error('read enough'));
  };
  parser = new Parser({
    strict: true,
    ...(options.plain ? { brotli: false, zstd: false } : {}),
    onReadEntry: (entry: ReadEntry) => {
      reading.paths.push(entry.path);
      declared += BLOCK + Math.ceil(entry.size / BLOCK) * BLOCK;
      if (declared > options.maxTotalBytes) {
        fail(new Error(`its entries hold more than ${options.maxTotalBytes} bytes`));
        return entry.resume();
      }
      if (!options.keep(entry.path)) return entry.resume();
      if (entry.size > options.maxEntryBytes) {
        fail(new Error(`${entry.path} is larger than ${options.maxEntryBytes} bytes`));
        return entry.resume();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        reading.kept.set(entry.path, Buffer.concat(chunks));
        if (options.enough?.(reading)) stop();
      });
    },
  });
  let settle = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  parser.on('warn', (_code: string, message: string) => {
    fail(new Error(message));
    settle();
  });
  parser.on('error', (error: Error) => {
    fail(error);
    settle();
  });
  parser.on('eof', stop);
  parser.on('end', () => settle());
  for (let at = 0; at < archive.length && !failure && !done; at += SLICE) {
    parser.write(archive.subarray(at, at + SLICE));
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!failure && !done) {
    parser.end();
    await settled;
  }
  if (failure) throw failure;
  return reading;
}
