// Gems built by the real `gem build` from a tiny gemspec, and the real gem and bundle (Debian's RubyGems 3.3.15
// and Bundler 2.3.15) in a temporary HOME / GEM_HOME / BUNDLE_USER_HOME, so nothing reads or writes the
// machine's own gem configuration. `gem push` reads its key from ~/.gem/credentials as the CodeArtifact guide
// writes it (`:quiver: Bearer <token>`); installs take the token in the source URL's userinfo (`aws:<token>@`).
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp.js';

const run = promisify(execFile);

export interface GemOptions {
  dependencies?: [string, ...string[]][];
  developmentDependencies?: [string, ...string[]][];
  platform?: string;
  requiredRubyVersion?: string;
  summary?: string;
}

export interface RubyWorld {
  home: string;
  env: NodeJS.ProcessEnv;
  /** `gem build` of a gem with one file `lib/<name>.rb` defining a constant; the `.gem` path. */
  build(name: string, version: string, options?: GemOptions): Promise<string>;
  /** Real `gem` with this world's HOME; resolves with stdout + stderr, rejects with them on failure. */
  gem(...args: string[]): Promise<string>;
  /** Real `bundle` in `dir`. */
  bundle(dir: string, ...args: string[]): Promise<string>;
  /** Writes ~/.gem/credentials with `:quiver: <value>` (0600, as gem requires). */
  credentials(value: string): void;
  /** A fresh directory under HOME. */
  dir(name: string): string;
}

const rubyList = (items: string[]) => items.map((i) => JSON.stringify(i)).join(', ');

export function rubyWorld(): RubyWorld {
  const home = tempDir('quiver-ruby-home-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    GEM_HOME: join(home, 'gems'),
    GEM_PATH: join(home, 'gems'),
    GEM_SPEC_CACHE: join(home, 'spec-cache'),
    BUNDLE_USER_HOME: join(home, 'bundle-home'),
    BUNDLE_RETRY: '0',
    BUNDLE_SILENCE_ROOT_WARNING: '1',
    LANG: 'C.UTF-8',
  };
  delete env.RUBYGEMS_HOST;
  delete env.GEMRC;
  delete env.BUNDLE_GEMFILE;
  delete env.BUNDLE_APP_CONFIG;
  delete env.BUNDLE_PATH;
  let counter = 0;
  const dir = (name: string) => {
    const path = join(home, `${name}-${counter++}`);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const exec = async (command: string, args: string[], cwd: string) => {
    try {
      const { stdout, stderr } = await run(command, args, { env, cwd, maxBuffer: 16 * 1024 * 1024 });
      return `${stdout}${stderr}`;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  };
  return {
    home,
    env,
    async build(name, version, options = {}) {
      const where = dir(`build-${name}`);
      mkdirSync(join(where, 'lib'));
      const constant = name.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase());
      writeFileSync(join(where, 'lib', `${name}.rb`), `module ${constant}\n  VERSION = "${version}"\nend\n`);
      const lines = [
        'Gem::Specification.new do |s|',
        `  s.name = ${JSON.stringify(name)}`,
        `  s.version = ${JSON.stringify(version)}`,
        `  s.summary = ${JSON.stringify(options.summary ?? `The ${name} gem`)}`,
        '  s.authors = ["Quiver Tests"]',
        `  s.files = ["lib/${name}.rb"]`,
        '  s.license = "MIT"',
        '  s.homepage = "https://example.com/gems"',
        '  s.metadata = { "source_code_uri" => "https://example.com/src" }',
        ...(options.platform ? [`  s.platform = ${JSON.stringify(options.platform)}`] : []),
        ...(options.requiredRubyVersion
          ? [`  s.required_ruby_version = ${JSON.stringify(options.requiredRubyVersion)}`]
          : []),
        ...(options.dependencies ?? []).map(([dep, ...reqs]) => `  s.add_dependency ${rubyList([dep, ...reqs])}`),
        ...(options.developmentDependencies ?? []).map(
          ([dep, ...reqs]) => `  s.add_development_dependency ${rubyList([dep, ...reqs])}`,
        ),
        'end',
      ];
      writeFileSync(join(where, `${name}.gemspec`), `${lines.join('\n')}\n`);
      const out = await exec('gem', ['build', `${name}.gemspec`], where);
      const file = /File: (\S+)/.exec(out)?.[1];
      if (!file) throw new Error(`gem build printed no file name:\n${out}`);
      return join(where, file);
    },
    gem: (...args) => exec('gem', args, home),
    bundle: (cwd, ...args) => exec('bundle', args, cwd),
    credentials(value) {
      mkdirSync(join(home, '.gem'), { recursive: true });
      const file = join(home, '.gem', 'credentials');
      writeFileSync(file, `---\n:quiver: ${value}\n`);
      chmodSync(file, 0o600);
    },
    dir,
  };
}

export const gemBytes = (path: string) => readFileSync(path);
