// The PyPI protocols on a CodeArtifact repository endpoint, `<endpoint>` = `/<domain>-<owner>/pypi/<repo>`:
//   GET  <endpoint>/simple/<project>/                        project page (PEP 503 HTML / PEP 691 JSON by Accept)
//   GET  <endpoint>/simple/<project>/<version>/<file>        a distribution file (`#sha256=` on the page)
//   GET  <endpoint>/simple/<project>/<version>/<file>.metadata   its core metadata (PEP 658)
//   POST <endpoint>/                                         the legacy upload API (twine upload)
// The project list `/simple/` is not served, as in CodeArtifact. Names are PEP 503-normalised everywhere: an
// unnormalised project URL redirects to the normalised one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PypiPackages } from '../../domain/codeartifact/pypi.js';
import { normalizePypiName } from '../../domain/codeartifact/pypi/names.js';
import { RegistryError } from '../common/errors.js';
import { cachedDocument, gzippedBody, IndexCache } from '../common/index-cache.js';
import type { RegistryAdapter } from '../common/plugin.js';
import { negotiateSimple, SIMPLE_HTML, SIMPLE_JSON, TEXT_HTML } from './negotiate.js';
import { renderProject } from './simple.js';
import { field, parseLegacyUpload } from './upload.js';
import { sendAsset } from '../common/asset-reply.js';

export interface PypiRoutesOptions {
  pypi: PypiPackages;
  maxUploadBytes: number;
  /** Memory for rendered project pages (see registries/common/index-cache.ts); 0 turns the cache off. */
  pageCacheBytes: number;
}

type ProjectParams = { project: string };
type FileParams = { project: string; version: string; file: string };

export function pypiRegistry(options: PypiRoutesOptions): RegistryAdapter {
  const { pypi } = options;
  const pages = new IndexCache(options.pageCacheBytes);

  async function projectPage(request: FastifyRequest<{ Params: ProjectParams }>, reply: FastifyReply) {
    const { project } = request.params;
    // Reading anything is ReadFromRepository on the repository; uploading is PublishPackageVersion on the package.
    await request.registry.need('ReadFromRepository');
    const normalized = normalizePypiName(project);
    if (normalized !== project || !request.url.split('?', 1)[0]!.endsWith('/'))
      return reply.redirect(`${request.registry.endpointUrl}/simple/${encodeURIComponent(normalized)}/`, 301);
    const form = negotiateSimple(request.headers.accept);
    if (!form)
      throw new RegistryError(
        406,
        `None of ${request.headers.accept} is served: ask for ${SIMPLE_JSON}, ${SIMPLE_HTML} or ${TEXT_HTML}.`,
      );
    const { repository, endpointUrl } = request.registry;
    const key = JSON.stringify([repository, normalized, form, endpointUrl]);
    const page = await pages.through(key, await pypi.pageStamp(repository, normalized), async () => {
      const view = await pypi.project(repository, normalized);
      const base = `${endpointUrl}/simple/${normalized}`;
      const files = view.files.map((file) => ({
        ...file,
        url: `${base}/${encodeURIComponent(file.version)}/${encodeURIComponent(file.filename)}`,
      }));
      return cachedDocument(renderProject({ ...view, files }, form));
    });
    reply
      .header('content-type', form === TEXT_HTML ? 'text/html; charset=utf-8' : form)
      .header('vary', 'Accept, Accept-Encoding')
      .header('cache-control', 'no-cache')
      .header('etag', page.etag);
    if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '') && page.body.length > 1024)
      return reply.header('content-encoding', 'gzip').send(gzippedBody(page));
    return reply.send(page.body); // a Buffer: Fastify adds no charset to the type
  }

  async function file(request: FastifyRequest<{ Params: FileParams }>, reply: FastifyReply) {
    const { project, version, file: filename } = request.params;
    await request.registry.need('ReadFromRepository');
    return sendAsset(
      request,
      reply,
      await pypi.file(request.registry.repository, project, version, filename),
      filename.endsWith('.metadata') ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    );
  }

  async function upload(request: FastifyRequest, reply: FastifyReply) {
    const form = await parseLegacyUpload(request.raw, request.headers, options.maxUploadBytes);
    const name = field(form, 'name');
    await request.registry.need(
      'PublishPackageVersion',
      name === undefined ? undefined : { format: 'pypi', name: normalizePypiName(name) },
    );
    const checked = await pypi.upload(request.registry.repository, form, Date.now());
    return reply
      .code(200)
      .header('content-type', 'text/plain; charset=utf-8')
      .send(`OK: ${checked.filename} is in ${checked.name} ${checked.version}\n`);
  }

  return {
    format: 'pypi',
    errorBody: (_status, message) => ({ contentType: 'text/plain; charset=utf-8', body: `${message}\n` }),
    routes(scope: FastifyInstance) {
      scope.post('/', upload);
      scope.get('/simple/:project', projectPage);
      scope.get('/simple/:project/', projectPage);
      scope.get('/simple/:project/:version/:file', file);
    },
  };
}
