// Python distributions built in TypeScript (a wheel is a zip with `<name>-<ver>.dist-info/{METADATA,WHEEL,RECORD}`;
// an sdist a tar.gz with `<name>-<ver>/PKG-INFO`), and the real pip and twine in a temporary HOME, configured by
// the real `aws codeartifact login`. pip is isolated from this machine's local mirror (formats.md §1.4):
// PIP_CONFIG_FILE=/dev/null drops the mirror's index, --isolated drops PIP_FIND_LINKS and the other PIP_* vars
// — but --isolated also ignores the pip.conf `aws codeartifact login --tool pip` writes, so the login test reads
// the index URL back from that file and passes it on the command line.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync, strToU8 } from 'fflate';
import { create as createTar } from 'tar';
import type { TestCredentials } from './quiver.js';
import { tempDir } from './temp.js';

const run = promisify(execFile);

export interface DistOptions {
  summary?: string;
  requiresPython?: string;
  requiresDist?: string[];
  description?: string;
  license?: string;
  homePage?: string;
  /** Python source of the module `<import name>/__init__.py`. */
  module?: string;
}

/** The wheel file-name part (and import name) of a project name, as current build tools write it: `demo_pkg_x`. */
export const wheelName = (name: string) => name.replace(/[-_.]+/g, '_').toLowerCase();

export function coreMetadata(name: string, version: string, options: DistOptions = {}): string {
  const lines = ['Metadata-Version: 2.1', `Name: ${name}`, `Version: ${version}`];
  if (options.summary) lines.push(`Summary: ${options.summary}`);
  if (options.homePage) lines.push(`Home-page: ${options.homePage}`);
  if (options.license) lines.push(`License: ${options.license}`);
  if (options.requiresPython) lines.push(`Requires-Python: ${options.requiresPython}`);
  for (const requirement of options.requiresDist ?? []) lines.push(`Requires-Dist: ${requirement}`);
  lines.push('Description-Content-Type: text/markdown');
  return `${lines.join('\n')}\n\n${options.description ?? `# ${name}\n\nVersion ${version}.\n`}`;
}

const recordHash = (bytes: Uint8Array) => `sha256=${createHash('sha256').update(bytes).digest('base64url')}`;

export function wheelFilename(name: string, version: string): string {
  return `${wheelName(name)}-${version}-py3-none-any.whl`;
}

/** A real, pip-installable pure-Python wheel. */
export function buildWheel(name: string, version: string, options: DistOptions = {}): Buffer {
  const stem = `${wheelName(name)}-${version}`;
  const module = wheelName(name);
  const files: Record<string, Uint8Array> = {
    [`${module}/__init__.py`]: strToU8(options.module ?? `VERSION = ${JSON.stringify(version)}\n`),
    [`${stem}.dist-info/METADATA`]: strToU8(coreMetadata(name, version, options)),
    [`${stem}.dist-info/WHEEL`]: strToU8(
      'Wheel-Version: 1.0\nGenerator: quiver-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    ),
    [`${stem}.dist-info/top_level.txt`]: strToU8(`${module}\n`),
  };
  const record = Object.entries(files).map(([path, bytes]) => `${path},${recordHash(bytes)},${bytes.length}`);
  record.push(`${stem}.dist-info/RECORD,,`);
  files[`${stem}.dist-info/RECORD`] = strToU8(`${record.join('\n')}\n`);
  return Buffer.from(zipSync(files));
}

export function sdistFilename(name: string, version: string): string {
  return `${wheelName(name)}-${version}.tar.gz`;
}

/** An sdist: PKG-INFO plus a setup.py that pip could build. */
export async function buildSdist(name: string, version: string, options: DistOptions = {}): Promise<Buffer> {
  const dir = tempDir('quiver-sdist-');
  const stem = sdistFilename(name, version).slice(0, -'.tar.gz'.length);
  const module = wheelName(name);
  mkdirSync(join(dir, stem, module), { recursive: true });
  writeFileSync(join(dir, stem, 'PKG-INFO'), coreMetadata(name, version, options));
  writeFileSync(join(dir, stem, module, '__init__.py'), options.module ?? `VERSION = ${JSON.stringify(version)}\n`);
  writeFileSync(
    join(dir, stem, 'setup.py'),
    `from setuptools import setup\nsetup(name=${JSON.stringify(name)}, version=${JSON.stringify(version)}, packages=[${JSON.stringify(module)}])\n`,
  );
  const file = join(dir, 'out.tar.gz');
  await createTar({ gzip: true, cwd: dir, file, portable: true }, [stem]);
  return readFileSync(file);
}

export interface PypiWorld {
  home: string;
  env: NodeJS.ProcessEnv;
  /** `aws codeartifact login --tool pip|twine` with this world's HOME. */
  login(tool: 'pip' | 'twine', domain: string, repository: string): Promise<void>;
  /** The index URL the pip login wrote to ~/.config/pip/pip.conf. */
  loggedInIndexUrl(): string;
  /** Real pip, isolated from the machine's mirror; `index` is the full simple/ URL with credentials. */
  pip(index: string, ...args: string[]): Promise<string>;
  /** Real twine with the ~/.pypirc the login wrote (`--repository codeartifact`). */
  twine(...args: string[]): Promise<string>;
  /** A fresh directory under HOME. */
  dir(name: string): string;
}

export function pypiWorld(endpoint: string, credentials: TestCredentials): PypiWorld {
  const home = tempDir('quiver-pypi-home-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    PIP_CONFIG_FILE: '/dev/null',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SHARED_CREDENTIALS_FILE;
  delete env.PIP_FIND_LINKS;
  delete env.PIP_INDEX_URL;
  delete env.PIP_EXTRA_INDEX_URL;
  delete env.XDG_CONFIG_HOME;
  delete env.TWINE_REPOSITORY_URL;
  delete env.TWINE_USERNAME;
  delete env.TWINE_PASSWORD;
  let counter = 0;
  return {
    home,
    env,
    async login(tool, domain, repository) {
      // The CLI runs `pip config set global.index-url …` for pip: that pip must write the user file, not /dev/null.
      const loginEnv = { ...env };
      delete loginEnv.PIP_CONFIG_FILE;
      await run(
        'aws',
        [
          'codeartifact',
          'login',
          '--tool',
          tool,
          '--domain',
          domain,
          '--repository',
          repository,
          '--endpoint-url',
          endpoint,
        ],
        { env: loginEnv, cwd: home },
      );
    },
    loggedInIndexUrl() {
      const text = readFileSync(join(home, '.config/pip/pip.conf'), 'utf8');
      const match = /^index-url\s*=\s*(\S+)$/m.exec(text);
      if (!match) throw new Error(`No index-url in pip.conf:\n${text}`);
      return match[1]!;
    },
    async pip(index, ...args) {
      const { stdout, stderr } = await run(
        'python3',
        ['-m', 'pip', '--isolated', '--no-cache-dir', ...args.slice(0, 1), '--index-url', index, ...args.slice(1)],
        { env, cwd: home, maxBuffer: 16 * 1024 * 1024 },
      );
      return `${stdout}${stderr}`;
    },
    async twine(...args) {
      const { stdout, stderr } = await run('twine', [...args], { env, cwd: home, maxBuffer: 16 * 1024 * 1024 });
      return `${stdout}${stderr}`;
    },
    dir(name) {
      const dir = join(home, `${name}-${counter++}`);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}

/** The legacy upload form twine sends for one file (fields as OBSERVED from twine 4.0.2), for raw-HTTP tests. */
export function uploadForm(
  name: string,
  version: string,
  filename: string,
  content: Buffer,
  overrides: Record<string, string | undefined> = {},
): FormData {
  const fields: Record<string, string | undefined> = {
    ':action': 'file_upload',
    protocol_version: '1',
    name,
    version,
    filetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
    pyversion: filename.endsWith('.whl') ? 'py3' : 'source',
    metadata_version: '2.1',
    sha256_digest: createHash('sha256').update(content).digest('hex'),
    md5_digest: createHash('md5').update(content).digest('hex'),
    ...overrides,
  };
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.append(key, value);
  form.append('content', new Blob([new Uint8Array(content)]), filename);
  return form;
}

/** POSTs a form to a PyPI repository endpoint with Basic aws:<token>, as twine does. */
export async function rawUpload(
  endpointUrl: string,
  token: string,
  body: FormData | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(endpointUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`aws:${token}`).toString('base64')}`, ...headers },
    body: body instanceof FormData ? body : new Uint8Array(body),
  });
  return { status: response.status, text: await response.text() };
}
