// CodeArtifact pages: domains → repositories (upstreams, external connection, endpoints with client set-up)
// → packages (filtered, keyset-paged). The package page itself is in package.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { displayName } from '../../domain/codeartifact/packages.js';
import type { PackageCursor, RepositoryCursor } from '../../store/records.js';
import {
  type WebOptions,
  baseUrlOf,
  callerOf,
  decodeCursor,
  encodeCursor,
  keyset,
  oneOf,
  param,
  sessionOf,
} from '../context.js';
import { href, html, seg } from '../html.js';
import { copyBlock, empty, page, pager, time } from '../layout.js';
import { pageNeeds } from '../permissions.js';
import { registerPackagePage } from './package.js';

export const FORMATS = ['npm', 'pypi', 'maven', 'nuget', 'generic', 'ruby', 'swift', 'cargo'] as const;
/** Formats whose registry protocol Quiver serves today; the others are stored and listed, not yet served. */
const SERVED_FORMATS = new Set(['npm']);

export const domainPath = (domain: string) => `/ui/domains/${seg(domain)}`;
export const repositoryPath = (domain: string, repository: string) => `/ui/domains/${seg(domain)}/${seg(repository)}`;
export const packagePath = (
  p: { domainName: string; repositoryName: string; format: string; namespace: string; name: string },
  query: Record<string, string | undefined> = {},
) =>
  href(`${repositoryPath(p.domainName, p.repositoryName)}/${seg(p.format)}/${seg(p.name)}`, {
    namespace: p.namespace || undefined,
    ...query,
  });

function npmSetUp(endpoint: string, domain: string, owner: string, repository: string, base: string) {
  const registryPath = endpoint.replace(/^https?:/, '');
  return html`${copyBlock(
    'Log in with the AWS CLI (writes ~/.npmrc; the token lasts 12 hours)',
    `aws codeartifact login --tool npm --domain ${domain} --domain-owner ${owner} --repository ${repository} --endpoint-url ${base}`,
  )}${copyBlock(
    'Or by hand: a token, then .npmrc',
    `export CODEARTIFACT_AUTH_TOKEN=$(aws codeartifact get-authorization-token --domain ${domain} --domain-owner ${owner} --query authorizationToken --output text --endpoint-url ${base})\n\n# .npmrc\nregistry=${endpoint}\n${registryPath}:_authToken=\${CODEARTIFACT_AUTH_TOKEN}`,
  )}`;
}

export function registerCodeArtifactPages(app: FastifyInstance, options: WebOptions): void {
  const { catalog } = options;

  app.get('/', async (_request, reply) => reply.redirect('/ui/domains', 303));

  app.get('/domains', async (request, reply) => {
    const caller = callerOf(request);
    await options.access.require(request, pageNeeds.domains());
    const after = param(request, 'after');
    const { rows, last } = await keyset((limit) => catalog.domains.list(caller, after, limit));
    const body = html`<h1>Domains</h1>
<p class="muted">CodeArtifact domains of account ${caller.accountId} in ${caller.region}.</p>
${
  rows.length === 0
    ? empty('No domains yet. Create one with: aws codeartifact create-domain --domain my-domain --endpoint-url …')
    : html`<ul class="cards">${rows.map(
        (d) =>
          html`<li><a href="${domainPath(d.name)}">${d.name}</a><br><span class="muted">created ${time(d.createdAt)}</span></li>`,
      )}</ul>`
}
${pager(last && href('/ui/domains', { after: last.name }), after && '/ui/domains')}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          { title: 'Domains', session: sessionOf(request), section: 'codeartifact', crumbs: [{ label: 'Domains' }] },
          body,
        ),
      );
  });

  app.get<{ Params: { domain: string } }>('/domains/:domain', async (request, reply) => {
    const caller = callerOf(request);
    const { domain } = request.params;
    await options.access.require(request, pageNeeds.domain(caller, domain));
    const view = await catalog.domains.describe(caller, undefined, domain);
    const scope = catalog.domains.scopeFor(caller, undefined, 'ListRepositoriesInDomain', domain);
    const prefix = param(request, 'prefix');
    const after = decodeCursor<RepositoryCursor>(request);
    const { rows, last } = await keyset((limit) =>
      catalog.repositories.list({ ...scope, domainName: domain, namePrefix: prefix }, after, limit),
    );
    const self = domainPath(domain);
    const body = html`<h1>Domain ${domain}</h1>
<dl class="facts">
  <dt>Owner</dt><dd>${view.accountId}</dd>
  <dt>Repositories</dt><dd>${view.repositoryCount}</dd>
  <dt>Created</dt><dd>${time(view.createdAt)}</dd>
  <dt>ARN</dt><dd class="mono">${view.arn}</dd>
</dl>
<h2>Repositories</h2>
<form class="filters" method="get" action="${self}">
  <label>Name starts with<input type="text" name="prefix" value="${prefix ?? ''}"></label>
  <button type="submit">Filter</button>
</form>
${
  rows.length === 0
    ? empty(prefix ? `No repository name starts with '${prefix}'.` : 'No repositories in this domain yet.')
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Repository</th><th scope="col">Description</th><th scope="col">Upstreams</th><th scope="col">External connection</th></tr></thead><tbody>
${rows.map(
  (r) =>
    html`<tr><td><a href="${repositoryPath(domain, r.name)}">${r.name}</a></td><td>${r.description ?? ''}</td><td>${r.upstreams.join(', ')}</td><td>${r.externalConnection ?? ''}</td></tr>`,
)}</tbody></table></div>`
}
${pager(last && href(self, { prefix, after: encodeCursor({ domainName: last.domainName, name: last.name }) }), after && href(self, { prefix }))}`;
    return reply.type('text/html; charset=utf-8').send(
      page(
        {
          title: `Domain ${domain}`,
          session: sessionOf(request),
          section: 'codeartifact',
          crumbs: [{ label: 'Domains', href: '/ui/domains' }, { label: domain }],
        },
        body,
      ),
    );
  });

  app.get<{ Params: { domain: string; repository: string } }>(
    '/domains/:domain/:repository',
    async (request, reply) => {
      const caller = callerOf(request);
      const { domain, repository } = request.params;
      await options.access.require(request, pageNeeds.repository(caller, domain, repository));
      const repo = await catalog.repositories.describe(caller, undefined, domain, repository);
      const format = oneOf(param(request, 'format'), FORMATS, 'format');
      const namespace = param(request, 'namespace');
      const prefix = param(request, 'prefix');
      const after = decodeCursor<PackageCursor>(request);
      const { rows, last } = await keyset((limit) =>
        catalog.packages.list(caller, { domain, repository, format, namespace, packagePrefix: prefix }, after, limit),
      );
      const base = baseUrlOf(request, options.publicUrl);
      const endpoint = (f: string) => `${base}/${domain}-${repo.accountId}/${f}/${repository}/`;
      const self = repositoryPath(domain, repository);
      const filters = { format, namespace, prefix };
      const body = html`<h1>Repository ${repository}</h1>
<div class="layout-2"><div>
<h2>Packages</h2>
<form class="filters" method="get" action="${self}">
  <label>Format<select name="format"><option value="">any</option>${FORMATS.map(
    (f) => html`<option${f === format ? html` selected` : ''}>${f}</option>`,
  )}</select></label>
  <label>Namespace<input type="text" name="namespace" value="${namespace ?? ''}" placeholder="scope, group…"></label>
  <label>Name starts with<input type="text" name="prefix" value="${prefix ?? ''}"></label>
  <button type="submit">Filter</button>
</form>
${
  rows.length === 0
    ? empty(
        Object.values(filters).some(Boolean)
          ? 'No package matches these filters.'
          : 'No packages in this repository yet.',
      )
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Package</th><th scope="col">Format</th><th scope="col" class="hide-narrow">Publish / upstream</th></tr></thead><tbody>
${rows.map(
  (p) =>
    html`<tr><td><a href="${packagePath(p)}">${displayName(p)}</a></td><td>${p.format}</td><td class="hide-narrow">${p.publish.toLowerCase()} / ${p.upstream.toLowerCase()}</td></tr>`,
)}</tbody></table></div>`
}
${pager(
  last &&
    href(self, {
      ...filters,
      after: encodeCursor({ format: last.format, namespace: last.namespace, name: last.name }),
    }),
  after && href(self, filters),
)}
</div><aside>
<h2>About</h2>
<dl class="facts">
  <dt>Domain</dt><dd><a href="${domainPath(domain)}">${domain}</a></dd>
  ${repo.description ? html`<dt>Description</dt><dd>${repo.description}</dd>` : ''}
  <dt>Upstreams</dt><dd>${
    repo.upstreams.length === 0
      ? html`<span class="muted">none</span>`
      : html`<ol class="upstreams">${repo.upstreams.map((u) => html`<li><a href="${repositoryPath(domain, u)}">${u}</a></li>`)}</ol>`
  }</dd>
  <dt>External connection</dt><dd>${repo.externalConnection ?? html`<span class="muted">none</span>`}</dd>
  <dt>Administrator</dt><dd>${repo.administratorAccount}</dd>
  <dt>Created</dt><dd>${time(repo.createdAt)}</dd>
</dl>
<h2>Connect a client</h2>
<h3>npm</h3>
${copyBlock('Endpoint', endpoint('npm'))}
${npmSetUp(endpoint('npm'), domain, repo.accountId, repository, base)}
<h3>Other formats</h3>
<p class="muted">${FORMATS.filter((f) => !SERVED_FORMATS.has(f) && f !== 'generic').join(', ')}: set-up appears here when Quiver serves their registry protocols. Generic packages are published and downloaded through the CodeArtifact API (<code>aws codeartifact publish-package-version</code>).</p>
</aside></div>`;
      return reply.type('text/html; charset=utf-8').send(
        page(
          {
            title: `Repository ${repository}`,
            session: sessionOf(request),
            section: 'codeartifact',
            crumbs: [
              { label: 'Domains', href: '/ui/domains' },
              { label: domain, href: domainPath(domain) },
              { label: repository },
            ],
          },
          body,
        ),
      );
    },
  );

  registerPackagePage(app, options);
}

export type PackageRequest = FastifyRequest<{
  Params: { domain: string; repository: string; format: string; package: string };
}>;
