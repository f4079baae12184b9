// The global search box: packages by name prefix across every repository of the signed-in account and region
// (Packages.search, one index range however many repositories there are), keyset-paged.
import type { FastifyInstance } from 'fastify';
import { displayName } from '../../domain/codeartifact/packages.js';
import type { PackageSearchCursor } from '../../store/records.js';
import { type WebOptions, callerOf, decodeCursor, encodeCursor, keyset, param, sessionOf } from '../context.js';
import { href, html } from '../html.js';
import { empty, page, pager } from '../layout.js';
import { pageNeeds } from '../permissions.js';
import { domainPath, packagePath, repositoryPath } from './codeartifact.js';

export function registerSearch(app: FastifyInstance, options: WebOptions): void {
  app.get('/search', async (request, reply) => {
    const caller = callerOf(request);
    const q = param(request, 'q')?.trim();
    const after = decodeCursor<PackageSearchCursor>(request);
    const found = q
      ? await keyset((limit) => options.catalog.packages.search(caller, q, after, limit))
      : { rows: [], last: undefined };
    // Search spans repositories; each hit shows only where the principal may ListPackages (the page still
    // pages by the unfiltered position, so a page may hold fewer rows, never a hidden one).
    const allowed = await Promise.all(
      found.rows.map(({ pkg }) =>
        options.access.allows(request, pageNeeds.searchHit(caller, pkg.domainName, pkg.repositoryName)),
      ),
    );
    const rows = found.rows.filter((_row, index) => allowed[index]);
    const { last } = found;
    const title = q ? `Packages starting with ${q}` : 'Search packages';
    const body = html`<h1>${title}</h1>
${
  !q
    ? html`<p>Type the start of a package name in the search box (<code>@scope/</code> searches an npm scope). Every repository of account ${caller.accountId} in ${caller.region} is searched.</p>`
    : rows.length === 0
      ? empty(`No package name starts with '${q}' in any repository.`)
      : html`<div class="table-wrap"><table><thead><tr><th scope="col">Package</th><th scope="col">Format</th><th scope="col">Repository</th><th scope="col">Domain</th></tr></thead><tbody>
${rows.map(
  ({ pkg }) =>
    html`<tr><td><a href="${packagePath(pkg)}">${displayName(pkg)}</a></td><td>${pkg.format}</td><td><a href="${repositoryPath(pkg.domainName, pkg.repositoryName)}">${pkg.repositoryName}</a></td><td><a href="${domainPath(pkg.domainName)}">${pkg.domainName}</a></td></tr>`,
)}</tbody></table></div>`
}
${q ? html`<p class="muted">Looking for an OS package inside images? <a href="${href('/ui/images/containing', { name: q })}">Images containing ${q}</a>.</p>` : ''}
${pager(
  last && href('/ui/search', { q, after: encodeCursor({ searchKey: last.searchKey, id: last.pkg.id }) }),
  after && href('/ui/search', { q }),
)}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page({ title, session: sessionOf(request), section: 'search', query: q, crumbs: [{ label: 'Search' }] }, body),
      );
  });
}
