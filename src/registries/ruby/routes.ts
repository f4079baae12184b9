// The RubyGems protocols on a CodeArtifact repository endpoint, `<endpoint>` = `/<domain>-<owner>/ruby/<repo>`:
//   GET    <endpoint>/                                   200: `gem install` probes the root to pick the compact index
//   GET    <endpoint>/versions | /names | /info/<gem>     the compact index (compact-responses.ts: ETag, Range)
//   GET    <endpoint>/quick/Marshal.4.8/<spec>.gemspec.rz the quick gemspec gem install fetches per gem
//   GET    <endpoint>/gems/<name>-<version>[-<platform>].gem
//   POST   <endpoint>/api/v1/gems                         `gem push`: the raw .gem
//   DELETE <endpoint>/api/v1/gems/yank                    `gem yank`: form gem_name, version, platform
// That is every path gem 3.3.15 (HEAD /, /info, quick specs, gems) and bundle 2.3.15 (/versions, /info, gems)
// ask for here; the full index (specs.4.8.gz) is not served, as in CodeArtifact.
// The token arrives as `gem push` sends its API key (`Authorization: <key>` verbatim, so `Bearer <token>` or a
// bare token) or as Basic `aws:<token>` from a source URL's userinfo (gem install, bundler): the skeleton takes
// all of them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RubyPackages } from '../../domain/codeartifact/ruby.js';
import { readBody } from '../common/body.js';
import { RegistryError } from '../common/errors.js';
import type { RegistryAdapter } from '../common/plugin.js';
import { StampedLru } from '../../cache/stamped-lru.js';
import { type CompactFile, compactFile, sendIndexFile } from './compact-responses.js';
import { sendAsset } from '../common/asset-reply.js';

export interface RubyRoutesOptions {
  ruby: RubyPackages;
  maxPushBytes: number;
  /** Memory for rendered /info files (see registries/common/index-cache.ts); 0 turns the cache off. */
  indexCacheBytes: number;
}

const FORM_LIMIT = 64 * 1024;

export function rubyRegistry(options: RubyRoutesOptions): RegistryAdapter {
  const { ruby } = options;
  const read = (request: FastifyRequest) => request.registry.need('ReadFromRepository');
  // /info files with their MD5 ETag and Repr-Digest, behind the gem's stamp (Upstreams.stamp), as cargo's index
  // files: at an equal stamp a rebuild gives the same bytes, so the MD5 /versions states (its own per-gem
  // entries behind the same stamp, domain/codeartifact/ruby.ts) is the MD5 of the file served.
  const infos = new StampedLru<CompactFile>(options.indexCacheBytes);

  async function info(request: FastifyRequest<{ Params: { gem: string } }>, reply: FastifyReply) {
    await read(request);
    const { repository } = request.registry;
    const { gem: name } = request.params;
    const key = JSON.stringify([repository, name]);
    const file = await infos.through(
      key,
      await ruby.stamp(repository, name),
      async () => compactFile(await ruby.info(repository, name)),
      (made) => made.body.length + 256,
    );
    return sendIndexFile(request, reply, file);
  }

  async function push(request: FastifyRequest, reply: FastifyReply) {
    // A principal that may not even read here is refused before the body is read (as NuGet's push).
    await read(request);
    const body = await readBody(request.raw, options.maxPushBytes);
    // The gem's name is inside the body: PublishPackageVersion on it is checked once the body is known to be a gem.
    const pushed = await ruby.push(request.registry.repository, body, Date.now(), async (name) =>
      request.registry.need('PublishPackageVersion', { format: 'ruby', name }),
    );
    const platform = pushed.platform === 'ruby' ? '' : `-${pushed.platform}`;
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .send(`Successfully registered gem: ${pushed.name} (${pushed.version}${platform})`);
  }

  async function yank(request: FastifyRequest, reply: FastifyReply) {
    const type = request.headers['content-type'] ?? '';
    const raw = (await readBody(request.raw, FORM_LIMIT)).toString('utf8');
    const form = new URLSearchParams(/json/i.test(type) ? '' : raw);
    const query = new URLSearchParams(request.url.split('?', 2)[1] ?? '');
    const field = (name: string) => form.get(name) || query.get(name) || undefined;
    const name = field('gem_name');
    const version = field('version');
    if (!name || !version) throw new RegistryError(400, 'A yank names the gem (gem_name) and its version (version).');
    await request.registry.need('UpdatePackageVersionsStatus', { format: 'ruby', name });
    await ruby.yank(request.registry.repository, name, version, field('platform'), Date.now());
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .send(`Successfully deleted gem: ${name} (${version})`);
  }

  async function gem(request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) {
    await read(request);
    return sendAsset(
      request,
      reply,
      await ruby.gem(request.registry.repository, request.params.file),
      'application/octet-stream',
    );
  }

  const binary = (reply: FastifyReply, body: Buffer) =>
    reply.header('content-type', 'application/octet-stream').header('cache-control', 'no-cache').send(body);

  return {
    format: 'ruby',
    errorBody: (_status, message) => ({ contentType: 'text/plain; charset=utf-8', body: `${message}\n` }),
    routes(scope: FastifyInstance) {
      scope.get('/', async (request, reply) => {
        await read(request);
        return reply.header('content-type', 'text/plain; charset=utf-8').send('RubyGems repository (compact index)\n');
      });
      scope.get('/versions', async (request, reply) => {
        await read(request);
        return sendIndexFile(request, reply, await ruby.versions(request.registry.repository));
      });
      scope.get('/names', async (request, reply) => {
        await read(request);
        return sendIndexFile(request, reply, await ruby.names(request.registry.repository));
      });
      scope.get('/info/:gem', info);
      scope.get<{ Params: { file: string } }>('/quick/Marshal.4.8/:file', async (request, reply) => {
        await read(request);
        if (!request.params.file.endsWith('.gemspec.rz'))
          throw new RegistryError(404, 'Quick specs are <name>-<version>[-<platform>].gemspec.rz.');
        return binary(reply, await ruby.quickSpec(request.registry.repository, request.params.file));
      });
      scope.get('/gems/:file', gem);
      scope.post('/api/v1/gems', push);
      scope.delete('/api/v1/gems/yank', yank);
    },
  };
}
