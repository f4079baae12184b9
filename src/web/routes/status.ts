// Status changes from the package page: Publish / Unlist / Archive through VersionBatches.updateStatus and
// Dispose through VersionBatches.dispose — the operations behind UpdatePackageVersionsStatus and
// DisposePackageVersions, so every rule (Disposed is final, all-or-nothing, the revision check) is theirs.
// Two steps: the first POST shows what will change; the second, with confirm=yes, changes it, and only if
// no selected version's revision moved in between.
import type { FastifyInstance } from 'fastify';
import { displayName } from '../../domain/codeartifact/packages.js';
import { type BatchResult, MAX_BATCH_VERSIONS } from '../../domain/codeartifact/version-batch.js';
import { invalid } from '../../domain/shared/errors.js';
import { type WebOptions, callerOf, sessionOf } from '../context.js';
import { html } from '../html.js';
import { badge, page } from '../layout.js';
import { pageNeeds } from '../permissions.js';
import { type PackageRequest, domainPath, packagePath, repositoryPath } from './codeartifact.js';
import { refOf } from './package.js';

const TARGETS = {
  Published: { verb: 'Publish', explain: 'Package managers offer these versions again.' },
  Unlisted: {
    verb: 'Unlist',
    explain:
      'No longer offered to package managers (npm leaves them out), but a lockfile that pins one still installs it.',
  },
  Archived: {
    verb: 'Archive',
    explain:
      'No longer offered to package managers, and their assets cannot be downloaded, not even by a lockfile that pins one. This can be undone.',
  },
  Disposed: {
    verb: 'Dispose',
    explain: 'Deletes every asset of these versions for good; only their metadata stays. This cannot be undone.',
  },
} as const;
type Target = keyof typeof TARGETS;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

export function registerStatusChanges(app: FastifyInstance, options: WebOptions, now: () => number): void {
  const { catalog } = options;

  app.post('/domains/:domain/:repository/:format/:package/status', async (request: PackageRequest, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const caller = callerOf(request);
    const session = sessionOf(request);
    const ref = refOf(request);
    const target = body.target as Target;
    if (typeof target !== 'string' || !(target in TARGETS))
      throw invalid(`target must be one of ${Object.keys(TARGETS).join(', ')}.`);
    const versions = [...new Set(list(body.versions))];
    if (versions.length === 0) throw invalid('Select at least one version to change.');
    if (versions.length > MAX_BATCH_VERSIONS) throw invalid(`Select at most ${MAX_BATCH_VERSIONS} versions at once.`);
    // Both steps need the operation's action: a principal without it is refused before anything is shown or changed.
    await options.access.require(request, pageNeeds.statusChange(caller, ref, target));
    const pkg = await catalog.packages.describe(caller, ref);
    const name = displayName(pkg);
    const crumbs = [
      { label: 'Domains', href: '/ui/domains' },
      { label: pkg.domainName, href: domainPath(pkg.domainName) },
      { label: pkg.repositoryName, href: repositoryPath(pkg.domainName, pkg.repositoryName) },
      { label: name, href: packagePath(pkg) },
      { label: `${TARGETS[target].verb} versions` },
    ];
    const { verb, explain } = TARGETS[target];

    if (body.confirm !== 'yes') {
      const current = await Promise.all(versions.map((v) => catalog.versions.describe(caller, ref, v)));
      const revisions = Object.fromEntries(current.map((c) => [c.version.version, c.version.revision]));
      const content = html`<h1>${verb} ${versions.length === 1 ? `version ${versions[0]}` : `${versions.length} versions`} of ${name}?</h1>
<p class="${target === 'Disposed' ? 'error' : 'warning'}">${explain}</p>
<div class="table-wrap"><table><thead><tr><th scope="col">Version</th><th scope="col">Now</th><th scope="col">After</th></tr></thead><tbody>
${current.map((c) => html`<tr><td>${c.version.version}</td><td>${badge(c.version.status)}</td><td>${badge(target)}</td></tr>`)}
</tbody></table></div>
<form method="post" class="actions">
  <input type="hidden" name="_csrf" value="${session.csrfToken}">
  <input type="hidden" name="target" value="${target}">
  <input type="hidden" name="confirm" value="yes">
  <input type="hidden" name="revisions" value="${JSON.stringify(revisions)}">
  ${versions.map((v) => html`<input type="hidden" name="versions" value="${v}">`)}
  <button type="submit"${target === 'Disposed' ? html` class="danger"` : ''}>${verb} ${versions.length === 1 ? 'it' : `these ${versions.length}`}</button>
  <a class="button secondary" href="${packagePath(pkg)}">Cancel</a>
</form>`;
      return reply
        .type('text/html; charset=utf-8')
        .send(page({ title: `${verb} versions`, session, section: 'codeartifact', crumbs }, content));
    }

    let versionRevisions: Record<string, string> | undefined;
    try {
      versionRevisions =
        typeof body.revisions === 'string' ? (JSON.parse(body.revisions) as Record<string, string>) : undefined;
    } catch {
      throw invalid('revisions: not the JSON the confirmation page sent.');
    }
    const conditions = { versions, versionRevisions };
    const result: BatchResult =
      target === 'Disposed'
        ? await catalog.batch.dispose(caller, ref, conditions, now())
        : await catalog.batch.updateStatus(caller, ref, conditions, target, now());
    const failed = Object.entries(result.failedVersions);
    if (failed.length === 0) {
      const done = Object.keys(result.successfulVersions);
      const notice = `${verb}${verb.endsWith('e') ? 'd' : 'ed'} ${done.length === 1 ? `version ${done[0]}` : `${done.length} versions`}.`;
      return reply.redirect(packagePath(pkg, { version: done.length === 1 ? done[0] : undefined, notice }), 303);
    }
    const content = html`<h1>Nothing was changed</h1>
<p class="error" role="alert">${verb} applies to all selected versions or to none; these could not be changed:</p>
<div class="table-wrap"><table><thead><tr><th scope="col">Version</th><th scope="col">Problem</th><th scope="col">Detail</th></tr></thead><tbody>
${failed.map(([v, f]) => html`<tr><td>${v}</td><td>${f.errorCode}</td><td>${f.errorMessage}</td></tr>`)}
</tbody></table></div>
<p><a href="${packagePath(pkg)}">Back to ${name}</a></p>`;
    return reply
      .code(409)
      .type('text/html; charset=utf-8')
      .send(page({ title: 'Nothing changed', session, section: 'codeartifact', crumbs }, content));
  });
}
