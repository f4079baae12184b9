// CodeArtifact packages: coordinates, lookup with AWS's not-found messages, origin configuration, list,
// describe and delete. Versions live in versions.ts and version-batch.ts.
import type {
  PackageCoordinates,
  PackageCursor,
  PackageRecord,
  PackageSearchCursor,
  PackageSearchHit,
  Scope,
} from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { invalid, notFound } from '../shared/errors.js';
import { repositoryArn } from './arns.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { domainNotFound } from './domains.js';
import { formatOf } from './formats/index.js';
import { repositoryNotFound } from './repositories.js';

/** A package as a request names it (namespace absent = none). */
export interface PackageRef {
  domain: string;
  domainOwner?: string;
  repository: string;
  format: string;
  namespace?: string;
  package: string;
}

export type OriginRestrictions = { publish: 'ALLOW' | 'BLOCK'; upstream: 'ALLOW' | 'BLOCK' };

/** Publishes to one package contend for its rows (see WriteOptions.contention): this names the package. */
export const publishContention = (c: PackageCoordinates) => ({
  contention: JSON.stringify([
    'package',
    c.accountId,
    c.region,
    c.domainName,
    c.repositoryName,
    c.format,
    c.namespace,
    c.name,
  ]),
});

export function packageArn(c: PackageCoordinates): string {
  return `arn:aws:codeartifact:${c.region}:${c.accountId}:package/${c.domainName}/${c.repositoryName}/${c.format}/${c.namespace}/${c.name}`;
}

/** How clients write the name: `@scope/name` for npm, `group:artifact` for Maven, else the name (the format's rule). */
export function displayName(c: Pick<PackageCoordinates, 'format' | 'namespace' | 'name'>): string {
  return formatOf(c.format).displayName(c.namespace, c.name);
}

export const packageNotFound = (c: PackageCoordinates) =>
  notFound(
    'package',
    c.name,
    `Package not found in repository. Repository: ${c.repositoryName}, Domain: ${c.domainName}, ` +
      `Package = PackageCoordinate{packageType=${c.format}, namespace=${c.namespace || 'null'}, packageName=${c.name}}`,
  );

export class Packages {
  constructor(
    readonly store: Store<CatalogTx & BlobTx>,
    readonly blobs: BlobLifecycle,
  ) {}

  /**
   * The caller's scope and the package's coordinates; checks tenancy and the namespace rules of the format, and
   * stores the name as the format normalises it (PyPI: `Demo.Pkg_X` is `demo-pkg-x` in every AWS call).
   */
  coordinates(caller: Caller, ref: PackageRef, action: string): PackageCoordinates {
    const scope: Scope = ownedScope(
      caller,
      ref.domainOwner,
      `codeartifact:${action}`,
      repositoryArn(
        { accountId: ref.domainOwner ?? caller.accountId, region: caller.region },
        ref.domain,
        ref.repository,
      ),
    );
    const format = formatOf(ref.format);
    if (ref.namespace !== undefined && format.namespace === 'none') {
      throw invalid(`${ref.format} packages have no namespace; remove the namespace parameter.`);
    }
    return {
      ...scope,
      domainName: ref.domain,
      repositoryName: ref.repository,
      format: ref.format,
      namespace: ref.namespace === undefined ? '' : (format.normalizeNamespace?.(ref.namespace) ?? ref.namespace),
      name: format.normalizeName(ref.package),
    };
  }

  requireNamespace(c: PackageCoordinates): void {
    if (formatOf(c.format).namespace === 'required' && !c.namespace)
      throw invalid(`A namespace is required for ${c.format} packages.`);
  }

  /** Inside a transaction: the repository must exist (or the domain's absence is reported first). */
  async requireRepository(tx: CatalogTx & BlobTx, c: PackageCoordinates): Promise<void> {
    if (await tx.getRepository(c, c.domainName, c.repositoryName)) return;
    if (!(await tx.getDomain(c, c.domainName))) throw domainNotFound(c, c.domainName);
    throw repositoryNotFound(c, c.domainName, c.repositoryName);
  }

  async requirePackage(tx: CatalogTx & BlobTx, c: PackageCoordinates): Promise<PackageRecord> {
    const found = await tx.getPackage(c);
    if (found) return found;
    await this.requireRepository(tx, c);
    throw packageNotFound(c);
  }

  async describe(caller: Caller, ref: PackageRef): Promise<PackageRecord> {
    const c = this.coordinates(caller, ref, 'DescribePackage');
    return this.store.read((tx) => this.requirePackage(tx, c));
  }

  async list(
    caller: Caller,
    ref: Omit<PackageRef, 'format' | 'package'> & {
      format?: string;
      packagePrefix?: string;
      publish?: string;
      upstream?: string;
    },
    after: PackageCursor | undefined,
    limit: number,
  ): Promise<PackageRecord[]> {
    const c = this.coordinates(caller, { ...ref, format: ref.format ?? 'generic', package: '-' }, 'ListPackages');
    return this.store.read(async (tx) => {
      await this.requireRepository(tx, c);
      return tx.listPackages(
        {
          ...c,
          format: ref.format,
          namespace:
            ref.namespace !== undefined && ref.format !== undefined
              ? (formatOf(ref.format).normalizeNamespace?.(ref.namespace) ?? ref.namespace)
              : ref.namespace,
          namePrefix:
            ref.packagePrefix !== undefined && ref.format !== undefined
              ? formatOf(ref.format).normalizeName(ref.packagePrefix)
              : ref.packagePrefix,
          publish: ref.publish,
          upstream: ref.upstream,
        },
        after,
        limit,
      );
    });
  }

  /**
   * Packages whose name starts with `text` (ASCII case ignored) in every repository of the caller's account and
   * region, keyset-paged; `@scope/prefix` searches one npm scope. Reading a repository needs nothing more than
   * owning it today; when permission policies exist, this is where hits the caller may not read are dropped.
   */
  async search(
    caller: Caller,
    text: string,
    after: PackageSearchCursor | undefined,
    limit: number,
  ): Promise<PackageSearchHit[]> {
    const scope: Scope = { accountId: caller.accountId, region: caller.region };
    const scoped = /^@([^/]+)\/(.*)$/.exec(text.trim());
    const query = scoped ? { namespace: scoped[1]!, prefix: scoped[2]! } : { prefix: text.trim() };
    return this.store.read((tx) => tx.searchPackages(scope, query, after, limit));
  }

  async putOrigin(
    caller: Caller,
    ref: PackageRef,
    restrictions: OriginRestrictions,
    now: number,
  ): Promise<PackageRecord> {
    const c = this.coordinates(caller, ref, 'PutPackageOriginConfiguration');
    return this.store.write(async (tx) => {
      await this.requireRepository(tx, c);
      const record = await tx.ensurePackage(c, restrictions, now);
      await tx.setPackageOrigin(record.id, restrictions);
      return { ...record, ...restrictions };
    });
  }

  /** Deletes the package, its versions and assets; asset bytes no other package uses are deleted too. */
  async delete(caller: Caller, ref: PackageRef): Promise<PackageRecord> {
    const c = this.coordinates(caller, ref, 'DeletePackage');
    const { record, doomed } = await this.store.write(async (tx) => {
      const found = await this.requirePackage(tx, c);
      const digests = await tx.assetDigestsOfPackage(found.id);
      await tx.deletePackage(found.id);
      return { record: found, doomed: await this.blobs.markUnreferenced(tx, digests) };
    });
    await this.blobs.deleteDoomed(doomed);
    return record;
  }
}
