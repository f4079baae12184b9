// The real npm CLI in a temporary HOME, configured by the real `aws codeartifact login`.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestCredentials } from './quiver.js';
import { tempDir } from './temp.js';
import { requirePrerequisites } from './prerequisites.js';

await requirePrerequisites('npm', 'aws CLI');

const run = promisify(execFile);

export interface NpmWorld {
  home: string;
  env: NodeJS.ProcessEnv;
  npm(cwd: string, ...args: string[]): Promise<string>;
  /** npm's stdout and stderr together (npm ping and notices write to stderr). */
  npmOutput(cwd: string, ...args: string[]): Promise<string>;
  login(domain: string, repository: string, namespace?: string): Promise<void>;
  packageDir(name: string, version: string, extra?: Record<string, unknown>): string;
  /** An empty private project to install into (recreated when it exists). */
  projectDir(name: string): string;
}

export function npmWorld(endpoint: string, credentials: TestCredentials): NpmWorld {
  const home = tempDir('quiver-npm-home-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    npm_config_cache: join(home, '.npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
  };
  for (const key of Object.keys(env))
    if (
      key.startsWith('npm_config_') &&
      !['npm_config_cache', 'npm_config_update_notifier', 'npm_config_audit', 'npm_config_fund'].includes(key)
    )
      delete env[key];
  delete env.AWS_PROFILE;
  delete env.AWS_SHARED_CREDENTIALS_FILE;
  delete env.NPM_CONFIG_USERCONFIG;
  let counter = 0;
  return {
    home,
    env,
    async npm(cwd, ...args) {
      const { stdout } = await run('npm', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
      return stdout;
    },
    async npmOutput(cwd, ...args) {
      const { stdout, stderr } = await run('npm', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
      return `${stdout}${stderr}`;
    },
    async login(domain, repository, namespace) {
      await run(
        'aws',
        [
          'codeartifact',
          'login',
          '--tool',
          'npm',
          '--domain',
          domain,
          '--repository',
          repository,
          ...(namespace ? ['--namespace', namespace] : []),
          '--endpoint-url',
          endpoint,
        ],
        { env, cwd: home },
      );
    },
    projectDir(name) {
      const dir = join(home, name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
      return dir;
    },
    packageDir(name, version, extra = {}) {
      const dir = join(home, `pkg-${counter++}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({
          name,
          version,
          description: `${name} ${version}`,
          main: 'index.js',
          license: 'MIT',
          ...extra,
        }),
      );
      writeFileSync(join(dir, 'index.js'), `module.exports = ${JSON.stringify(`${name}@${version}`)};\n`);
      return dir;
    },
  };
}

/** The document `npm publish` PUTs: one version and its tarball (any bytes: the registry does not unpack it). */
export function npmPublishDocument(
  name: string,
  version: string,
  tarball = Buffer.from(`${name}@${version}`),
): Record<string, any> {
  return {
    _id: name,
    name,
    'dist-tags': { latest: version },
    versions: {
      [version]: {
        name,
        version,
        dist: {
          integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
          shasum: createHash('sha1').update(tarball).digest('hex'),
        },
      },
    },
    _attachments: {
      [`${name.replace(/^@[^/]+\//, '')}-${version}.tgz`]: { data: tarball.toString('base64'), length: tarball.length },
    },
  };
}

/** A raw request on a repository endpoint with a token, as npm makes it. */
export async function npmFetch(
  repositoryUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any; text: string }> {
  const response = await fetch(`${repositoryUrl.replace(/\/$/, '')}/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}
