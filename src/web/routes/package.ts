// The package page: one version's details (status, origin, published time, readme rendered and sanitised,
// dependencies, assets with sizes, hashes and download links), and the version history with the status
// change form. Everything is read through PackageVersions, as the AWS API reads it.
import type { FastifyInstance } from 'fastify';
import { displayName, type PackageRef } from '../../domain/codeartifact/packages.js';
import type { VersionCursor, VersionStatus } from '../../store/records.js';
import { type WebOptions, callerOf, decodeCursor, encodeCursor, keyset, oneOf, param, sessionOf } from '../context.js';
import { href, html, seg } from '../html.js';
import { badge, bytes, copyBlock, date, empty, page, pager, time } from '../layout.js';
import { pageNeeds } from '../permissions.js';
import { renderReadme } from '../readme.js';
import { type PackageRequest, domainPath, packagePath, repositoryPath } from './codeartifact.js';

export const STATUSES: readonly VersionStatus[] = ['Published', 'Unfinished', 'Unlisted', 'Archived', 'Disposed'];

export const refOf = (request: PackageRequest): PackageRef => ({
  domain: request.params.domain,
  repository: request.params.repository,
  format: request.params.format,
  namespace: param(request, 'namespace'),
  package: request.params.package,
});

const originText = (v: { originType: string; entryRepository?: string; entryExternalConnection?: string }) =>
  v.entryExternalConnection
    ? `${v.originType.toLowerCase()} via ${v.entryExternalConnection}`
    : v.entryRepository
      ? `${v.originType.toLowerCase()}, entered in ${v.entryRepository}`
      : v.originType.toLowerCase();

export function registerPackagePage(app: FastifyInstance, options: WebOptions): void {
  const { catalog } = options;
  const PACKAGE = '/domains/:domain/:repository/:format/:package';

  app.get(PACKAGE, async (request: PackageRequest, reply) => {
    const caller = callerOf(request);
    const session = sessionOf(request);
    const ref = refOf(request);
    await options.access.require(request, pageNeeds.package(caller, ref));
    // Only the status changes the principal may make are offered (the POST checks again).
    const [mayUpdate, mayDispose] = await Promise.all([
      options.access.allows(request, pageNeeds.statusChange(caller, ref, 'Unlisted')),
      options.access.allows(request, pageNeeds.statusChange(caller, ref, 'Disposed')),
    ]);
    const buttons = [
      ...(mayUpdate
        ? [
            html`<button type="submit" name="target" value="Published" class="secondary">Publish…</button>`,
            html`<button type="submit" name="target" value="Unlisted" class="secondary">Unlist…</button>`,
            html`<button type="submit" name="target" value="Archived" class="secondary">Archive…</button>`,
          ]
        : []),
      ...(mayDispose
        ? [html`<button type="submit" name="target" value="Disposed" class="danger">Dispose…</button>`]
        : []),
    ];
    const order = oneOf(param(request, 'order'), ['newest', 'version'] as const, 'order') ?? 'newest';
    const status = oneOf(param(request, 'status'), STATUSES, 'status');
    const after = decodeCursor<VersionCursor>(request);
    let display: string | undefined;
    const { rows, last } = await keyset(async (limit) => {
      const listed = await catalog.versions.list(caller, ref, { status }, order, after, limit);
      display = listed.defaultDisplayVersion;
      return listed.versions;
    });
    const selected = param(request, 'version') ?? display ?? rows[0]?.version;
    const pkg = await catalog.packages.describe(caller, ref);
    const c = { ...pkg };
    const name = displayName(c);
    const shown = selected ? await catalog.versions.listAssets(caller, ref, selected, undefined, 101) : undefined;
    const self = (query: Record<string, string | undefined>) => packagePath(c, query);
    const listQuery = { order: order === 'newest' ? undefined : order, status };

    const v = shown?.version;
    const details = v?.details ?? {};
    const readme = details.readme ? await renderReadme(details.readme) : undefined;
    const assetPath = (asset: string) =>
      href(`${repositoryPath(c.domainName, c.repositoryName)}/${seg(c.format)}/${seg(c.name)}/assets/${seg(asset)}`, {
        namespace: c.namespace || undefined,
        version: v?.version,
      });
    const versionSection = v
      ? html`<section aria-labelledby="version-heading">
<h2 id="version-heading">Version ${v.version} ${badge(v.status)}</h2>
<dl class="facts">
  ${details.summary ? html`<dt>Summary</dt><dd>${details.summary}</dd>` : ''}
  <dt>Published</dt><dd>${time(v.publishedAt)}</dd>
  <dt>Status changed</dt><dd>${time(v.updatedAt)}</dd>
  <dt>Origin</dt><dd>${originText(v)}</dd>
  <dt>Revision</dt><dd class="mono">${v.revision}</dd>
  ${details.licenses?.length ? html`<dt>Licenses</dt><dd>${details.licenses.map((l) => l.name ?? l.url ?? '').join(', ')}</dd>` : ''}
  ${details.homePage ? html`<dt>Home page</dt><dd><a href="${safeUrl(details.homePage)}" rel="nofollow noopener noreferrer">${details.homePage}</a></dd>` : ''}
  ${details.sourceCodeRepository ? html`<dt>Source</dt><dd>${details.sourceCodeRepository}</dd>` : ''}
</dl>
${c.format === 'npm' ? copyBlock('Install', `npm install ${name}@${v.version}`) : ''}
<h3>Dependencies</h3>
${
  details.dependencies?.length
    ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Package</th><th scope="col">Requirement</th><th scope="col">Type</th></tr></thead><tbody>${details.dependencies.map(
        (d) =>
          html`<tr><td><a href="${href('/ui/search', { q: dependencyName(c.format, d) })}" title="Find it in this account's repositories">${dependencyName(c.format, d)}</a></td><td class="mono">${d.versionRequirement ?? ''}</td><td>${d.dependencyType ?? ''}</td></tr>`,
      )}</tbody></table></div>`
    : empty('None.')
}
<h3>Assets</h3>
${
  shown!.assets.length
    ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Asset</th><th scope="col" class="num">Size</th><th scope="col">SHA-256</th></tr></thead><tbody>${shown!.assets
        .slice(0, 100)
        .map(
          (a) =>
            html`<tr><td>${
              v.status === 'Archived' || v.status === 'Disposed'
                ? html`${a.name} <span class="muted">(not downloadable while ${v.status})</span>`
                : html`<a href="${assetPath(a.name)}" download>${a.name}</a>`
            }</td><td class="num">${bytes(a.size)}</td><td class="mono hash">${a.sha256}<details><summary>Other hashes</summary><dl class="facts"><dt>SHA-512</dt><dd>${a.sha512}</dd><dt>SHA-1</dt><dd>${a.sha1}</dd><dt>MD5</dt><dd>${a.md5}</dd></dl></details></td></tr>`,
        )}</tbody></table></div>`
    : empty(v.status === 'Disposed' ? 'None: a disposed version keeps no assets.' : 'None.')
}
<h3>Readme</h3>
${readme ? html`<div class="readme">${readme}</div>` : empty('This version has no readme.')}
</section>`
      : empty('This package has no versions.');

    const historySection = html`<section aria-labelledby="history-heading">
<h2 id="history-heading">Version history</h2>
<form class="filters" method="get" action="${self({})}">
  <label>Order<select name="order"><option value="newest"${order === 'newest' ? html` selected` : ''}>newest first</option><option value="version"${order === 'version' ? html` selected` : ''}>by version</option></select></label>
  <label>Status<select name="status"><option value="">any</option>${STATUSES.map((s) => html`<option${s === status ? html` selected` : ''}>${s}</option>`)}</select></label>
  <button type="submit">Show</button>
</form>
${
  rows.length === 0
    ? empty(status ? `No ${status} versions.` : 'No versions.')
    : buttons.length === 0
      ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Published</th></tr></thead><tbody>
${rows.map(
  (row) =>
    html`<tr><td><a href="${self({ ...listQuery, version: row.version })}"${row.version === v?.version ? html` aria-current="true"` : ''}>${row.version}</a></td><td>${badge(row.status)}</td><td class="nowrap" title="${originText(row)}">${date(row.publishedAt)}</td></tr>`,
)}</tbody></table></div>
<p class="muted">Your policies do not allow changing these versions' statuses (codeartifact:UpdatePackageVersionsStatus, codeartifact:DisposePackageVersions).</p>`
      : html`<form method="post" action="${`${repositoryPath(c.domainName, c.repositoryName)}/${seg(c.format)}/${seg(c.name)}/status${c.namespace ? `?namespace=${encodeURIComponent(c.namespace)}` : ''}`}">
<input type="hidden" name="_csrf" value="${session.csrfToken}">
<div class="table-wrap"><table><thead><tr><th scope="col"><label><span class="visually-hidden">Select all</span><input type="checkbox" data-select-all hidden></label></th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Published</th></tr></thead><tbody>
${rows.map(
  (row) =>
    html`<tr><td><input type="checkbox" name="versions" value="${row.version}" id="${`pick-${row.id}`}" aria-label="${`Select ${row.version}`}"></td><td><a href="${self({ ...listQuery, version: row.version })}"${row.version === v?.version ? html` aria-current="true"` : ''}>${row.version}</a></td><td>${badge(row.status)}</td><td class="nowrap" title="${originText(row)}">${date(row.publishedAt)}</td></tr>`,
)}</tbody></table></div>
<div class="actions" role="group" aria-label="Change the status of the selected versions">
  <span>Selected versions:</span>
  ${buttons}
</div>
</form>`
}
${pager(
  last &&
    self({
      ...listQuery,
      version: param(request, 'version'),
      after: encodeCursor(order === 'version' ? { order, version: last.version } : { order, id: last.id }),
    }),
  after && self({ ...listQuery, version: param(request, 'version') }),
)}
</section>`;

    const body = html`<h1>${name}</h1>
<dl class="facts">
  <dt>Format</dt><dd>${c.format}${c.namespace ? html` · namespace <code>${c.namespace}</code>` : ''}</dd>
  <dt>Repository</dt><dd><a href="${repositoryPath(c.domainName, c.repositoryName)}">${c.repositoryName}</a> in <a href="${domainPath(c.domainName)}">${c.domainName}</a></dd>
  <dt>Origin controls</dt><dd>publish ${pkg.publish.toLowerCase()}, upstream ${pkg.upstream.toLowerCase()}</dd>
  ${display ? html`<dt>Default version</dt><dd><a href="${self({ version: display })}">${display}</a></dd>` : ''}
  <dt>Images containing it</dt><dd><a href="${href('/ui/images/containing', { name: c.name })}">find images</a></dd>
</dl>
<div class="layout-2 wide-aside"><div>${versionSection}</div><aside>${historySection}</aside></div>`;
    return reply.type('text/html; charset=utf-8').send(
      page(
        {
          title: name,
          session,
          section: 'codeartifact',
          notice: param(request, 'notice'),
          crumbs: [
            { label: 'Domains', href: '/ui/domains' },
            { label: c.domainName, href: domainPath(c.domainName) },
            { label: c.repositoryName, href: repositoryPath(c.domainName, c.repositoryName) },
            { label: name },
          ],
        },
        body,
      ),
    );
  });

  // Downloads go through GetPackageVersionAsset's rule (never an Archived or Disposed version's assets).
  app.get(`${PACKAGE}/assets/:asset`, async (request, reply) => {
    const typed = request as PackageRequest & { params: { asset: string } };
    const version = param(typed, 'version');
    if (!version) return reply.code(400).type('text/plain').send('version: required');
    await options.access.require(typed, pageNeeds.asset(callerOf(typed), refOf(typed)));
    const download = await catalog.versions.download(callerOf(typed), refOf(typed), version, typed.params.asset);
    const fileName = typed.params.asset.split('/').pop() || 'asset';
    return reply
      .type('application/octet-stream')
      .header('content-length', download.asset.size)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('x-checksum-sha256', download.asset.sha256)
      .send(download.content);
  });
}

const dependencyName = (format: string, d: { namespace?: string; package: string }) =>
  d.namespace ? (format === 'npm' ? `@${d.namespace}/${d.package}` : `${d.namespace}/${d.package}`) : d.package;

/** A link out only when it is http(s): a `javascript:` home page must not become a clickable link. */
const safeUrl = (url: string) => (/^https?:\/\//i.test(url) ? url : '#');
