// The real cargo in a temporary CARGO_HOME pointed at a Quiver cargo endpoint (formats.md §4.3), crates written
// as small source trees, and publish frames built in TypeScript for what cargo cannot be made to send (bad
// input, 16 publishes at once). cargo is looked for on PATH, then in /root/.cargo/bin (rustup's default, which
// `.ci/run` under a root login shell may not have on PATH); its toolchains stay in the real RUSTUP_HOME.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { create as createTar } from 'tar';
import { tempDir } from './temp.js';

const run = promisify(execFile);

function findCargo(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), join(homedir(), '.cargo/bin'), '/root/.cargo/bin'];
  for (const dir of dirs) {
    try {
      accessSync(join(dir, 'cargo'), constants.X_OK);
      return join(dir, 'cargo');
    } catch {}
  }
  return undefined;
}

const found = findCargo();
if (!found) {
  const file = process.argv[1] ? relative(process.cwd(), process.argv[1]) : 'this test file';
  process.stderr.write(
    `Missing prerequisite for ${file}: cargo — on PATH or in ~/.cargo/bin (rustup, cargo ≥ 1.74). See README.md, "Tests".\n`,
  );
  process.exit(1);
}
export const CARGO = found;
const RUSTUP_HOME = process.env.RUSTUP_HOME ?? join(homedir(), '.rustup');

export interface CargoResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CargoHome {
  home: string;
  env: Record<string, string>;
  cargo(args: string[], cwd: string): Promise<CargoResult>;
}

/** How cargo gets its token: given in CARGO_REGISTRIES_QUIVER_TOKEN, or printed by a command (token-from-stdout). */
export type CargoCredential = string | { fromStdout: string; env: Record<string, string> };

/** A throwaway CARGO_HOME whose registry `quiver` is the sparse index at `indexUrl`, with the token for it. */
export function cargoHome(
  indexUrl: string,
  credential: CargoCredential,
  home = tempDir('quiver-cargo-home-'),
): CargoHome {
  const provider = typeof credential === 'string' ? 'cargo:token' : `cargo:token-from-stdout ${credential.fromStdout}`;
  writeFileSync(
    join(home, 'config.toml'),
    [
      '[registries.quiver]',
      `index = "sparse+${indexUrl}"`,
      `credential-provider = ${JSON.stringify(provider)}`,
      '[registry]',
      'global-credential-providers = ["cargo:token"]',
      '[net]',
      'retry = 0',
      '',
    ].join('\n'),
  );
  const env: Record<string, string> = {
    PATH: `${dirname(CARGO)}${delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    CARGO_HOME: home,
    RUSTUP_HOME,
    ...(typeof credential === 'string' ? { CARGO_REGISTRIES_QUIVER_TOKEN: credential } : credential.env),
    CARGO_NET_OFFLINE: 'false',
    CARGO_TERM_COLOR: 'never',
    CARGO_TERM_PROGRESS_WHEN: 'never',
    CARGO_INCREMENTAL: '0',
  };
  return {
    home,
    env,
    async cargo(args, cwd) {
      try {
        const { stdout, stderr } = await run(CARGO, args, { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 180_000 });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      }
    },
  };
}

export interface CrateOptions {
  description?: string;
  license?: string;
  repository?: string;
  homepage?: string;
  readme?: string;
  /** Lines of the `[dependencies]` table. */
  dependencies?: string[];
  /** `[features]` lines. */
  features?: string[];
  /** src/lib.rs, or src/main.rs when `bin` is set. */
  source?: string;
  bin?: boolean;
}

/** A crate source tree in a new directory; returns the directory. */
export function writeCrate(name: string, version: string, options: CrateOptions = {}): string {
  const dir = tempDir(`quiver-crate-${name}-`);
  mkdirSync(join(dir, 'src'));
  const lines = ['[package]', `name = "${name}"`, `version = "${version}"`, 'edition = "2021"'];
  if (options.description) lines.push(`description = ${JSON.stringify(options.description)}`);
  if (options.license) lines.push(`license = ${JSON.stringify(options.license)}`);
  if (options.repository) lines.push(`repository = ${JSON.stringify(options.repository)}`);
  if (options.homepage) lines.push(`homepage = ${JSON.stringify(options.homepage)}`);
  if (options.readme !== undefined) {
    lines.push('readme = "README.md"');
    writeFileSync(join(dir, 'README.md'), options.readme);
  }
  lines.push('', '[dependencies]', ...(options.dependencies ?? []));
  if (options.features) lines.push('', '[features]', ...options.features);
  writeFileSync(join(dir, 'Cargo.toml'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(dir, 'src', options.bin ? 'main.rs' : 'lib.rs'),
    options.source ?? (options.bin ? 'fn main() {}\n' : `pub fn version() -> &'static str { "${version}" }\n`),
  );
  return dir;
}

/** A .crate as `cargo package` lays it out: a gzip tar of `<name>-<version>/` with a Cargo.toml. */
export async function buildCrateFile(name: string, version: string, cargoToml?: string): Promise<Buffer> {
  const dir = tempDir('quiver-crate-file-');
  const root = join(dir, `${name}-${version}`);
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(
    join(root, 'Cargo.toml'),
    cargoToml ?? `[package]\nedition = "2021"\nname = "${name}"\nversion = "${version}"\n`,
  );
  writeFileSync(join(root, 'src/lib.rs'), `pub fn version() -> &'static str { "${version}" }\n`);
  const chunks: Buffer[] = [];
  const stream = createTar({ gzip: true, cwd: dir, portable: true }, [`${name}-${version}`]);
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The publish metadata cargo sends for a dependency-free crate. */
export const publishMetadata = (name: string, vers: string, extra: Record<string, unknown> = {}) => ({
  name,
  vers,
  deps: [],
  features: {},
  authors: [],
  description: `${name} for tests`,
  documentation: null,
  homepage: null,
  readme: null,
  readme_file: null,
  keywords: [],
  categories: [],
  license: 'MIT',
  license_file: null,
  repository: null,
  badges: {},
  links: null,
  rust_version: null,
  ...extra,
});

/** The PUT /api/v1/crates/new body: u32 LE json length, json, u32 LE crate length, crate. */
export function publishFrame(metadata: unknown, crate: Buffer): Buffer {
  const json = Buffer.from(typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
  const jsonLength = Buffer.alloc(4);
  jsonLength.writeUInt32LE(json.length);
  const crateLength = Buffer.alloc(4);
  crateLength.writeUInt32LE(crate.length);
  return Buffer.concat([jsonLength, json, crateLength, crate]);
}
