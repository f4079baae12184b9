// NuGet fixtures and the mono client. A .nupkg is built in memory with fflate, shaped as `nuget pack` writes it
// (OPC parts `[Content_Types].xml`, `_rels/.rels`, the `<id>.nuspec` at the root, content files); pushes go as
// the multipart/form-data the package-publish-resource document describes. The real client (Debian's mono
// nuget 2.8.7) runs in a temporary HOME, configured by the real `aws codeartifact login --tool nuget`.
//
// One client bug needs a shim: nuget 2.8.7's `sources list -format detailed` — the first thing the aws CLI runs —
// prints newlines forever when its stdout is not a terminal with a size (mono reports a console width of 0 and
// NuGet's line wrapping never advances; OBSERVED, 1.6 MB of '\n' in 10 s). The aws CLI captures that output
// through a pipe, so the login would hang. The `nuget` first on this world's PATH runs that one command in a
// 200-column pseudo-terminal (util-linux `script`) and strips the terminal's escape codes; every other command
// goes to the real nuget untouched.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import { type TestCredentials, tempDir } from './quiver.js';

const run = promisify(execFile);

export interface NuspecOptions {
  authors?: string;
  description?: string;
  /** `<dependencies>` inner XML. */
  dependencies?: string;
  /** Extra `<metadata>` children. */
  extra?: string;
  readme?: { path: string; text: string };
}

export function nuspecXml(id: string, version: string, options: NuspecOptions = {}): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata>' +
    `<id>${id}</id><version>${version}</version><authors>${options.authors ?? 'Quiver Tests'}</authors>` +
    `<description>${options.description ?? `The ${id} package`}</description>` +
    (options.readme ? `<readme>${options.readme.path}</readme>` : '') +
    (options.extra ?? '') +
    (options.dependencies !== undefined ? `<dependencies>${options.dependencies}</dependencies>` : '') +
    '</metadata></package>'
  );
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />' +
  '<Default Extension="nuspec" ContentType="application/octet" /></Types>';

/** A .nupkg holding the given nuspec (or none with `nuspec: null`) and files. */
export function buildNupkg(
  id: string,
  version: string,
  options: NuspecOptions & { nuspec?: string | null; files?: Record<string, string> } = {},
): Buffer {
  const entries: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/${id}.nuspec" Id="R1" /></Relationships>`,
    ),
    'lib/net45/_._': strToU8(''),
  };
  if (options.nuspec !== null) entries[`${id}.nuspec`] = strToU8(options.nuspec ?? nuspecXml(id, version, options));
  if (options.readme) entries[options.readme.path] = strToU8(options.readme.text);
  for (const [path, text] of Object.entries(options.files ?? {})) entries[path] = strToU8(text);
  return Buffer.from(zipSync(entries));
}

/** A push as package-publish-resource describes it: PUT, multipart/form-data, the package as the first part. */
export function pushNupkg(url: string, bytes: Buffer, headers: Record<string, string>): Promise<Response> {
  const form = new FormData();
  form.append('package', new Blob([new Uint8Array(bytes)]), 'package.nupkg');
  return fetch(url, { method: 'PUT', headers, body: form });
}

export interface NugetWorld {
  home: string;
  env: NodeJS.ProcessEnv;
  /** `aws codeartifact login --tool nuget` with this world's HOME (it runs `nuget sources add`). */
  login(domain: string, repository: string): Promise<string>;
  /** The real mono nuget; resolves with stdout+stderr, rejects (with them) on a non-zero exit. */
  nuget(...args: string[]): Promise<string>;
  /**
   * `nuget pack` of a nuspec written into a fresh directory; the .nupkg's path relative to HOME (the cwd of
   * every nuget run: nuget 2.8.7 on mono prefixes the cwd to an absolute package path given to `push`).
   */
  pack(id: string, version: string, options?: NuspecOptions): Promise<string>;
}

export function nugetWorld(endpoint: string, credentials: TestCredentials): NugetWorld {
  const home = tempDir('quiver-nuget-home-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    MONO_REGISTRY_PATH: join(home, '.mono-registry'),
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SHARED_CREDENTIALS_FILE;
  delete env.NUGET_PACKAGES;
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'nuget'),
    '#!/bin/sh\n' +
      'if [ "$1" = sources ] && [ "$2" = list ]; then\n' +
      '  script -qec "stty cols 200 rows 50; /usr/bin/nuget $*" /dev/null </dev/null |\n' +
      "    sed -e 's/\\x1b\\[[0-9;?]*[a-zA-Z]//g' -e 's/\\x1b[=>]//g' -e 's/\\r$//'\n" +
      '  exit 0\n' +
      'fi\n' +
      'exec /usr/bin/nuget "$@"\n',
  );
  chmodSync(join(bin, 'nuget'), 0o755);
  env.PATH = `${bin}:${process.env.PATH ?? ''}`;
  let counter = 0;
  const nuget = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('nuget', args, { env, cwd: home, timeout: 120_000 });
      return `${stdout}${stderr}`;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`nuget ${args[0]} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  };
  return {
    home,
    env,
    async login(domain, repository) {
      const { stdout } = await run(
        'aws',
        [
          'codeartifact',
          'login',
          '--tool',
          'nuget',
          '--domain',
          domain,
          '--repository',
          repository,
          '--endpoint-url',
          endpoint,
        ],
        { env, cwd: home },
      );
      return stdout;
    },
    nuget,
    async pack(id, version, options = {}) {
      const dir = join(home, `pack-${counter++}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'readme.txt'), `${id} ${version}\n`);
      const xml = nuspecXml(id, version, options).replace(
        '</metadata></package>',
        '</metadata><files><file src="readme.txt" target="content" /></files></package>',
      );
      writeFileSync(join(dir, `${id}.nuspec`), xml);
      await nuget('pack', join(dir, `${id}.nuspec`), '-NoPackageAnalysis', '-OutputDirectory', dir, '-NonInteractive');
      return relative(home, join(dir, `${id}.${version}.nupkg`));
    },
  };
}
