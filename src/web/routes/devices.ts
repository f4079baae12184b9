// The device catalogs: IoT Software Package Catalog packages with their versions, and Panorama packages
// with their registered patches. Read through IotPackages and PanoramaPackages, as the AWS APIs read them.
import type { FastifyInstance } from 'fastify';
import type { IotVersionStatus } from '../../store/records.js';
import { type WebOptions, callerOf, keyset, oneOf, param, sessionOf } from '../context.js';
import { href, html, seg } from '../html.js';
import { badge, empty, page, pager, time } from '../layout.js';
import { pageNeeds } from '../permissions.js';

const IOT_STATUSES: readonly IotVersionStatus[] = ['DRAFT', 'PUBLISHED', 'DEPRECATED'];

const location = (l: { s3Location?: { bucket?: string; key?: string; version?: string } } | undefined) =>
  l?.s3Location
    ? `s3://${l.s3Location.bucket ?? ''}/${l.s3Location.key ?? ''}${l.s3Location.version ? ` (${l.s3Location.version})` : ''}`
    : '';

export function registerDeviceCatalogs(app: FastifyInstance, options: WebOptions, now: () => number): void {
  const { catalog } = options;

  app.get('/iot', async (request, reply) => {
    const caller = callerOf(request);
    await options.access.require(request, pageNeeds.iotPackages());
    const after = param(request, 'after');
    const { rows, last } = await keyset((limit) => catalog.iot.listPackages(caller, after, limit));
    const body = html`<h1>IoT software packages</h1>
${
  rows.length === 0
    ? empty('No IoT packages yet (aws iot create-package).')
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Package</th><th scope="col">Default version</th><th scope="col" class="hide-narrow">Description</th><th scope="col">Updated</th></tr></thead><tbody>
${rows.map(
  (p) =>
    html`<tr><td><a href="${`/ui/iot/${seg(p.name)}`}">${p.name}</a></td><td>${p.defaultVersion ?? ''}</td><td class="hide-narrow">${p.description ?? ''}</td><td>${time(p.updatedAt)}</td></tr>`,
)}</tbody></table></div>`
}
${pager(last && href('/ui/iot', { after: last.name }), after && '/ui/iot')}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          { title: 'IoT packages', session: sessionOf(request), section: 'iot', crumbs: [{ label: 'IoT packages' }] },
          body,
        ),
      );
  });

  app.get<{ Params: { name: string } }>('/iot/:name', async (request, reply) => {
    const caller = callerOf(request);
    const { name } = request.params;
    await options.access.require(request, pageNeeds.iotPackage(caller, name));
    const pkg = await catalog.iot.getPackage(caller, name);
    const status = oneOf(param(request, 'status'), IOT_STATUSES, 'status');
    const after = param(request, 'after');
    const { rows, last } = await keyset((limit) => catalog.iot.listVersions(caller, name, status, after, limit));
    const self = `/ui/iot/${seg(name)}`;
    const body = html`<h1>${name}</h1>
<dl class="facts">
  ${pkg.description ? html`<dt>Description</dt><dd>${pkg.description}</dd>` : ''}
  <dt>Default version</dt><dd>${pkg.defaultVersion ?? html`<span class="muted">none</span>`}</dd>
  <dt>Created</dt><dd>${time(pkg.createdAt)}</dd>
</dl>
<h2>Versions</h2>
<form class="filters" method="get" action="${self}">
  <label>Status<select name="status"><option value="">any</option>${IOT_STATUSES.map((s) => html`<option${s === status ? html` selected` : ''}>${s}</option>`)}</select></label>
  <button type="submit">Show</button>
</form>
${
  rows.length === 0
    ? empty('No versions.')
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Artifact</th><th scope="col">SBOM</th><th scope="col" class="hide-narrow">Attributes</th><th scope="col">Updated</th></tr></thead><tbody>
${rows.map(
  (v) =>
    html`<tr><td>${v.name}${v.name === pkg.defaultVersion ? html` <span class="muted">(default)</span>` : ''}${v.document.description ? html`<br><span class="muted">${v.document.description}</span>` : ''}</td><td>${badge(v.status)}</td><td class="mono">${location(v.document.artifact)}</td><td>${
      v.document.sbom
        ? html`<span class="mono">${location(v.document.sbom)}</span> ${v.document.sbomValidationStatus ? badge(v.document.sbomValidationStatus) : ''}`
        : ''
    }</td><td class="hide-narrow">${Object.entries(v.document.attributes ?? {}).map(([k, value]) => html`<code>${k}</code>=${value}<br>`)}</td><td>${time(v.updatedAt)}</td></tr>`,
)}</tbody></table></div>`
}
${pager(last && href(self, { status, after: last.name }), after && href(self, { status }))}`;
    return reply.type('text/html; charset=utf-8').send(
      page(
        {
          title: name,
          session: sessionOf(request),
          section: 'iot',
          crumbs: [{ label: 'IoT packages', href: '/ui/iot' }, { label: name }],
        },
        body,
      ),
    );
  });

  app.get('/panorama', async (request, reply) => {
    const caller = callerOf(request);
    await options.access.require(request, pageNeeds.panoramaPackages());
    const after = param(request, 'after');
    const { rows, last } = await keyset((limit) => catalog.panorama.list(caller, after, limit));
    const body = html`<h1>Panorama packages</h1>
${
  rows.length === 0
    ? empty('No Panorama packages yet (aws panorama create-package).')
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Package</th><th scope="col">Package ID</th><th scope="col" class="hide-narrow">Tags</th><th scope="col">Created</th></tr></thead><tbody>
${rows.map(
  ({ record, tags }) =>
    html`<tr><td><a href="${`/ui/panorama/${seg(record.packageId)}`}">${record.name}</a></td><td class="mono">${record.packageId}</td><td class="hide-narrow">${Object.entries(tags).map(([k, v]) => html`<code>${k}</code>=${v} `)}</td><td>${time(record.createdAt)}</td></tr>`,
)}</tbody></table></div>`
}
${pager(last && href('/ui/panorama', { after: last.record.name }), after && '/ui/panorama')}`;
    return reply.type('text/html; charset=utf-8').send(
      page(
        {
          title: 'Panorama packages',
          session: sessionOf(request),
          section: 'panorama',
          crumbs: [{ label: 'Panorama' }],
        },
        body,
      ),
    );
  });

  app.get<{ Params: { id: string } }>('/panorama/:id', async (request, reply) => {
    const caller = callerOf(request);
    await options.access.require(request, pageNeeds.panoramaPackage(caller, request.params.id));
    const { record, tags } = await catalog.panorama.describe(caller, request.params.id);
    const versions = await catalog.panorama.versions(caller, record.packageId, now());
    const body = html`<h1>${record.name}</h1>
<dl class="facts">
  <dt>Package ID</dt><dd class="mono">${record.packageId}</dd>
  <dt>Created</dt><dd>${time(record.createdAt)}</dd>
  ${Object.keys(tags).length ? html`<dt>Tags</dt><dd>${Object.entries(tags).map(([k, v]) => html`<code>${k}</code>=${v} `)}</dd>` : ''}
</dl>
<h2>Registered versions</h2>
${
  versions.length === 0
    ? empty('No registered versions.')
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Version</th><th scope="col">Patch</th><th scope="col">Status</th><th scope="col">Registered</th></tr></thead><tbody>
${versions.map(
  (v) =>
    html`<tr><td>${v.record.packageVersion}${v.isLatest ? html` <span class="muted">(latest patch)</span>` : ''}</td><td class="mono">${v.record.patchVersion}</td><td>${badge(v.status)}${v.record.failure ? html`<br><span class="muted">${v.record.failure}</span>` : ''}</td><td>${time(v.record.registeredAt)}</td></tr>`,
)}</tbody></table></div>`
}`;
    return reply.type('text/html; charset=utf-8').send(
      page(
        {
          title: record.name,
          session: sessionOf(request),
          section: 'panorama',
          crumbs: [{ label: 'Panorama', href: '/ui/panorama' }, { label: record.name }],
        },
        body,
      ),
    );
  });
}
