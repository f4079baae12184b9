// The .crate file of a publish: a gzip-compressed tar whose `<name>-<version>/Cargo.toml` (cargo writes a
// normalised one) must name the same crate and version as the publish metadata — else the index would point
// at bytes that build something else. Read with node-tar (tar-entries.ts), keeping only that entry.
//
// Only the `[package]` table's `name` and `version` are read, with a small reader of TOML's one-line basic and
// literal strings: that is all cargo's normalised manifest uses for them, and it spares a TOML dependency.
import { invalid } from '../../shared/errors.js';
import { readTarEntries } from '../tar-entries.js';

const MANIFEST_MAX = 4 * 1024 * 1024;
/** What a crate may unpack to: crates.io's own bound (its `max_unpack_size`, 512 MiB). */
const UNPACKED_MAX = 512 * 1024 * 1024;

async function entryOf(crate: Buffer, path: string): Promise<Buffer | undefined> {
  try {
    const reading = await readTarEntries(crate, {
      keep: (p) => p === path,
      maxEntryBytes: MANIFEST_MAX,
      maxTotalBytes: UNPACKED_MAX,
      enough: (r) => r.kept.has(path),
    });
    return reading.kept.get(path);
  } catch (error) {
    throw invalid(`The .crate file is not a valid gzip-compressed tar archive (${(error as Error).message}).`);
  }
}

function tomlString(raw: string): string | undefined {
  if (raw.startsWith("'")) return /^'([^']*)'$/.exec(raw)?.[1];
  if (!raw.startsWith('"')) return undefined;
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined;
  }
}

/** `name` and `version` of the `[package]` table of a Cargo.toml (one-line string values only). */
export function packageFields(toml: string): { name?: string; version?: string } {
  const out: { name?: string; version?: string } = {};
  let inPackage = false;
  for (const line of toml.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      inPackage = header[1] === 'package';
      continue;
    }
    if (!inPackage) continue;
    const pair = /^\s*(name|version)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*')\s*(#.*)?$/.exec(line);
    if (pair) out[pair[1] as 'name' | 'version'] = tomlString(pair[2]!);
  }
  return out;
}

/** Checks that the .crate is a gzip tar holding `<name>-<version>/Cargo.toml` for this name and version. */
export async function checkCrateFile(crate: Buffer, name: string, version: string): Promise<void> {
  if (crate.length < 2 || crate[0] !== 0x1f || crate[1] !== 0x8b)
    throw invalid('The .crate file is not gzip-compressed (a .crate is a .tar.gz).');
  const path = `${name}-${version}/Cargo.toml`;
  const manifest = await entryOf(crate, path);
  if (!manifest) throw invalid(`The .crate file has no ${path}.`);
  const fields = packageFields(manifest.toString('utf8'));
  if (fields.name !== name || fields.version !== version)
    throw invalid(
      `The .crate's Cargo.toml names ${fields.name ?? '(no name)'} ${fields.version ?? '(no version)'}, ` +
        `but the publish metadata names ${name} ${version}.`,
    );
}
