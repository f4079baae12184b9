// Image builds with their package inventories, and the reverse view: which images contain package P (at
// version V). Read through Images, as Image Builder's API and `quiver images find` read them.
import type { FastifyInstance } from 'fastify';
import { buildVersionArn, imageVersionText } from '../../domain/imagebuilder/images.js';
import type { ImageKey, ImageRecord } from '../../store/records.js';
import { type WebOptions, callerOf, decodeCursor, encodeCursor, keyset, param, sessionOf } from '../context.js';
import { href, html, seg } from '../html.js';
import { empty, page, pager, time } from '../layout.js';
import { pageNeeds } from '../permissions.js';

export const imagePath = (image: Pick<ImageRecord, 'arnName' | 'major' | 'minor' | 'patch' | 'build'>) =>
  `/ui/images/${seg(image.arnName)}/${imageVersionText(image)}/${image.build}`;
const containingPath = (name: string, version?: string) => href('/ui/images/containing', { name, version });
const keyOf = (i: ImageKey): ImageKey => ({
  accountId: i.accountId,
  region: i.region,
  arnName: i.arnName,
  major: i.major,
  minor: i.minor,
  patch: i.patch,
  build: i.build,
});

export function registerImagePages(app: FastifyInstance, options: WebOptions): void {
  const { catalog } = options;

  app.get('/images', async (request, reply) => {
    const caller = callerOf(request);
    await options.access.require(request, pageNeeds.images());
    const platform = param(request, 'platform');
    const after = decodeCursor<ImageKey>(request);
    const { rows, last } = await keyset((limit) =>
      catalog.images.list(
        caller,
        { platform },
        after && { ...after, ...{ accountId: caller.accountId, region: caller.region } },
        limit,
      ),
    );
    const body = html`<h1>Images</h1>
<form class="filters" method="get" action="/ui/images/containing">
  <label>Images containing package<input type="text" name="name" required placeholder="openssl"></label>
  <label>at version (optional)<input type="text" name="version" placeholder="3.0.2"></label>
  <button type="submit">Find images</button>
</form>
${
  rows.length === 0
    ? empty('No image builds yet (quiver images import).')
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Image</th><th scope="col">Version</th><th scope="col">Type</th><th scope="col" class="hide-narrow">Platform</th><th scope="col" class="num">Packages</th><th scope="col">Imported</th></tr></thead><tbody>
${rows.map(
  (i) =>
    html`<tr><td><a href="${imagePath(i)}">${i.name}</a></td><td>${imageVersionText(i)}/${i.build}</td><td>${i.imageType}</td><td class="hide-narrow">${i.platform}${i.osVersion ? ` · ${i.osVersion}` : ''}</td><td class="num">${i.packageCount}</td><td>${time(i.createdAt)}</td></tr>`,
)}</tbody></table></div>`
}
${pager(last && href('/ui/images', { platform, after: encodeCursor(keyOf(last)) }), after && href('/ui/images', { platform }))}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page({ title: 'Images', session: sessionOf(request), section: 'images', crumbs: [{ label: 'Images' }] }, body),
      );
  });

  app.get('/images/containing', async (request, reply) => {
    const caller = callerOf(request);
    await options.access.require(request, pageNeeds.imagesContaining());
    const name = param(request, 'name');
    const version = param(request, 'version');
    const after = decodeCursor<{ key: ImageKey; position: number }>(request);
    const found = name
      ? await keyset((limit) =>
          catalog.images.find(
            caller,
            name,
            version,
            after && {
              key: { ...after.key, accountId: caller.accountId, region: caller.region },
              position: after.position,
            },
            limit,
          ),
        )
      : { rows: [], last: undefined };
    const title = name ? `Images containing ${name}${version ? ` ${version}` : ''}` : 'Find images by package';
    const body = html`<h1>${title}</h1>
<form class="filters" method="get" action="/ui/images/containing">
  <label>Package name<input type="text" name="name" required value="${name ?? ''}"></label>
  <label>Version (optional)<input type="text" name="version" value="${version ?? ''}"></label>
  <button type="submit">Find images</button>
</form>
${
  !name
    ? ''
    : found.rows.length === 0
      ? empty(`No image build contains ${name}${version ? ` at version ${version}` : ''}.`)
      : html`<div class="table-wrap"><table><thead><tr><th scope="col">Image</th><th scope="col">Image version</th><th scope="col">Package version</th><th scope="col" class="hide-narrow">Platform</th></tr></thead><tbody>
${found.rows.map(
  (m) =>
    html`<tr><td><a href="${imagePath(m.image)}">${m.image.name}</a></td><td>${imageVersionText(m.image)}/${m.image.build}</td><td><a href="${containingPath(m.package.name, m.package.version)}">${m.package.version}</a></td><td class="hide-narrow">${m.image.platform}</td></tr>`,
)}</tbody></table></div>`
}
${pager(
  found.last &&
    href('/ui/images/containing', {
      name,
      version,
      after: encodeCursor({ key: keyOf(found.last.image), position: found.last.package.position }),
    }),
  after && containingPath(name ?? '', version),
)}`;
    return reply.type('text/html; charset=utf-8').send(
      page(
        {
          title,
          session: sessionOf(request),
          section: 'images',
          crumbs: [{ label: 'Images', href: '/ui/images' }, { label: 'Containing a package' }],
        },
        body,
      ),
    );
  });

  app.get<{ Params: { arnName: string; version: string; build: string } }>(
    '/images/:arnName/:version/:build',
    async (request, reply) => {
      const caller = callerOf(request);
      const { arnName, version, build } = request.params;
      const arn = `arn:aws:imagebuilder:${caller.region}:${caller.accountId}:image/${arnName}/${version}/${build}`;
      await options.access.require(request, pageNeeds.image(arn));
      const { image } = await catalog.images.resolve(caller, arn, 'GetImage');
      const afterPosition = Number(param(request, 'after') ?? 0);
      const { rows, last } = await keyset(
        (limit) =>
          catalog.images.packages(
            caller,
            buildVersionArn(image),
            Number.isFinite(afterPosition) ? afterPosition : 0,
            limit,
          ),
        200,
      );
      const self = imagePath(image);
      const body = html`<h1>${image.name} ${imageVersionText(image)}/${image.build}</h1>
<dl class="facts">
  <dt>Type</dt><dd>${image.imageType}</dd>
  <dt>Platform</dt><dd>${image.platform}${image.osVersion ? ` · ${image.osVersion}` : ''}</dd>
  ${image.description ? html`<dt>Description</dt><dd>${image.description}</dd>` : ''}
  <dt>Imported</dt><dd>${time(image.createdAt)}</dd>
  <dt>ARN</dt><dd class="mono">${buildVersionArn(image)}</dd>
</dl>
<h2>Packages (${image.packageCount})</h2>
${
  rows.length === 0
    ? empty('The inventory lists no packages.')
    : html`<div class="table-wrap"><table><thead><tr><th scope="col" class="num">#</th><th scope="col">Package</th><th scope="col">Version</th></tr></thead><tbody>
${rows.map(
  (p) =>
    html`<tr><td class="num">${p.position}</td><td><a href="${containingPath(p.name)}">${p.name}</a></td><td><a href="${containingPath(p.name, p.version)}" aria-label="${`Images with ${p.name} ${p.version}`}">${p.version}</a></td></tr>`,
)}</tbody></table></div>`
}
${pager(last && href(self, { after: last.position }), afterPosition > 0 ? self : undefined)}`;
      return reply.type('text/html; charset=utf-8').send(
        page(
          {
            title: `${image.name} ${imageVersionText(image)}`,
            session: sessionOf(request),
            section: 'images',
            crumbs: [
              { label: 'Images', href: '/ui/images' },
              { label: `${image.name} ${imageVersionText(image)}/${image.build}` },
            ],
          },
          body,
        ),
      );
    },
  );
}
