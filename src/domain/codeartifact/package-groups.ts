// CodeArtifact package groups (the ten operations of the model): a group is a pattern within a domain with
// contact info, a description and origin controls (PUBLISH, EXTERNAL_UPSTREAM, INTERNAL_UPSTREAM, each ALLOW,
// BLOCK, ALLOW_SPECIFIC_REPOSITORIES or INHERIT). The root `/*` exists in every domain, implicitly until it is
// changed; it cannot be deleted or INHERIT. Parents are derived (package-groups/tree.ts), so deleting a group
// re-parents its children as AWS documents. Enforcement lives in the format core (package-groups/origin.ts).
import type {
  OriginRestrictionMode,
  OriginRestrictionType,
  PackageGroupRecord,
  PackagePathCursor,
  Scope,
  TagRecord,
} from '../../store/records.js';
import { ORIGIN_RESTRICTION_TYPES } from '../../store/records.js';
import type { CatalogTx, Store, TagTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { conflict, invalid, notFound } from '../shared/errors.js';
import { domainArn, packageGroupArn } from './arns.js';
import { domainNotFound } from './domains.js';
import { formatOf } from './formats/index.js';
import {
  type AssociationType,
  type GroupPattern,
  ROOT_PATTERN,
  matchPackage,
  parsePattern,
} from './package-groups/pattern.js';
import { type GroupNode, GroupTree, implicitRoot } from './package-groups/tree.js';
import { checkTagLimit } from './tags.js';

type PackageGroupsTx = CatalogTx & TagTx;

export { packageGroupArn };

export interface GroupReference {
  arn: string;
  pattern: string;
}

export interface RestrictionView {
  mode: OriginRestrictionMode;
  effectiveMode: OriginRestrictionMode;
  inheritedFrom?: GroupReference;
  repositoriesCount: number;
}

export interface PackageGroupView {
  arn: string;
  pattern: string;
  domainName: string;
  domainOwner: string;
  createdAt: number;
  contactInfo?: string;
  description?: string;
  restrictions: Record<OriginRestrictionType, RestrictionView>;
  parent?: GroupReference;
}

export interface AllowedRepository {
  repositoryName: string;
  originRestrictionType: OriginRestrictionType;
}

export interface AssociatedPackageView {
  format: string;
  namespace: string;
  name: string;
  associationType: AssociationType;
}

/** A repository may appear in at most this many lists of one restriction (AWS's quota is not published). */
const MAX_ALLOWED_PER_RESTRICTION = 1000;

export class PackageGroups {
  constructor(private readonly store: Store<PackageGroupsTx>) {}

  private scopeFor(caller: Caller, owner: string | undefined, action: string, domain: string, pattern?: string) {
    const account = { accountId: owner ?? caller.accountId, region: caller.region };
    return ownedScope(
      caller,
      owner,
      `codeartifact:${action}`,
      pattern === undefined ? domainArn(account, domain) : packageGroupArn(account, domain, pattern),
    );
  }

  /** The domain's groups (with the implicit root) as a tree; 404 when the domain does not exist. */
  private async tree(tx: PackageGroupsTx, scope: Scope, domain: string): Promise<GroupTree> {
    const record = await tx.getDomain(scope, domain);
    if (!record) throw domainNotFound(scope, domain);
    return new GroupTree(await tx.listPackageGroups(scope, domain), implicitRoot(scope, domain, record.createdAt));
  }

  private require(tree: GroupTree, scope: Scope, domain: string, pattern: string): GroupNode {
    const node = tree.get(pattern);
    if (!node)
      throw notFound(
        'package-group',
        pattern,
        `Package group not found. PackageGroup: ${pattern}, Domain: ${domain}, DomainOwner: ${scope.accountId}`,
      );
    return node;
  }

  private reference(scope: Scope, domain: string, node: GroupNode): GroupReference {
    return { arn: packageGroupArn(scope, domain, node.pattern.text), pattern: node.pattern.text };
  }

  private async view(tx: PackageGroupsTx, scope: Scope, tree: GroupTree, node: GroupNode): Promise<PackageGroupView> {
    const domain = node.record.domainName;
    const counts = await tx.countAllowedRepositories(scope, domain, node.pattern.text);
    const restrictions = {} as Record<OriginRestrictionType, RestrictionView>;
    for (const type of ORIGIN_RESTRICTION_TYPES) {
      const resolved = tree.resolve(node, type);
      restrictions[type] = {
        mode: resolved.mode,
        effectiveMode: resolved.effectiveMode,
        inheritedFrom: resolved.mode === 'INHERIT' ? this.reference(scope, domain, resolved.from) : undefined,
        repositoriesCount: counts[type] ?? 0,
      };
    }
    const parent = tree.parent(node.pattern);
    return {
      arn: packageGroupArn(scope, domain, node.pattern.text),
      pattern: node.pattern.text,
      domainName: domain,
      domainOwner: scope.accountId,
      createdAt: node.record.createdAt,
      contactInfo: node.record.contactInfo,
      description: node.record.description,
      restrictions,
      parent: parent && this.reference(scope, domain, parent),
    };
  }

  async create(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    fields: { contactInfo?: string; description?: string; tags: TagRecord[] },
    now: number,
  ): Promise<PackageGroupView> {
    const scope = this.scopeFor(caller, owner, 'CreatePackageGroup', domain, pattern);
    const parsed = parsePattern(pattern);
    const arn = packageGroupArn(scope, domain, pattern);
    checkTagLimit(fields.tags, [], arn);
    return this.store.write(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const record: PackageGroupRecord = {
        ...scope,
        domainName: domain,
        pattern,
        format: parsed.format ?? '',
        namespace: parsed.namespace,
        namespacePrefix: parsed.level === 'namespace-prefix',
        contactInfo: fields.contactInfo,
        description: fields.description,
        modes: { PUBLISH: 'INHERIT', EXTERNAL_UPSTREAM: 'INHERIT', INTERNAL_UPSTREAM: 'INHERIT' },
        createdAt: now,
      };
      if (tree.get(pattern) || !(await tx.insertPackageGroup(record)))
        throw conflict(
          'package-group',
          pattern,
          `Package group already exists. PackageGroup: ${pattern}, Domain: ${domain}, DomainOwner: ${scope.accountId}`,
        );
      if (fields.tags.length > 0) await tx.putTags(arn, fields.tags);
      const updated = await this.tree(tx, scope, domain);
      return this.view(tx, scope, updated, updated.get(pattern)!);
    });
  }

  async describe(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
  ): Promise<PackageGroupView> {
    const scope = this.scopeFor(caller, owner, 'DescribePackageGroup', domain, pattern);
    parsePattern(pattern);
    return this.store.read(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      return this.view(tx, scope, tree, this.require(tree, scope, domain, pattern));
    });
  }

  /** Writes the root's row the first time it changes (until then it is implicit). */
  private async persist(tx: PackageGroupsTx, record: PackageGroupRecord): Promise<void> {
    if (!(await tx.insertPackageGroup(record))) await tx.updatePackageGroup(record);
  }

  async update(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    fields: { contactInfo?: string; description?: string },
  ): Promise<PackageGroupView> {
    const scope = this.scopeFor(caller, owner, 'UpdatePackageGroup', domain, pattern);
    parsePattern(pattern);
    return this.store.write(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const node = this.require(tree, scope, domain, pattern);
      // AWS's UpdatePackageGroup sets what it is given; an absent member keeps its value.
      const record = {
        ...node.record,
        contactInfo: fields.contactInfo ?? node.record.contactInfo,
        description: fields.description ?? node.record.description,
      };
      await this.persist(tx, record);
      node.record = record;
      return this.view(tx, scope, tree, node);
    });
  }

  async delete(caller: Caller, owner: string | undefined, domain: string, pattern: string): Promise<PackageGroupView> {
    const scope = this.scopeFor(caller, owner, 'DeletePackageGroup', domain, pattern);
    if (pattern === ROOT_PATTERN)
      throw invalid(`The root package group ${ROOT_PATTERN} cannot be deleted (packageGroup).`);
    parsePattern(pattern);
    return this.store.write(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const view = await this.view(tx, scope, tree, this.require(tree, scope, domain, pattern));
      await tx.deletePackageGroup(scope, domain, pattern);
      await tx.deleteAllTags(view.arn);
      return view;
    });
  }

  /** Groups by pattern; `prefix` keeps those whose pattern starts with it. */
  async list(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    prefix: string | undefined,
    after: string | undefined,
    limit: number,
  ): Promise<PackageGroupView[]> {
    const scope = this.scopeFor(caller, owner, 'ListPackageGroups', domain);
    return this.store.read(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const page = [...tree.nodes]
        .filter((n) => prefix === undefined || n.pattern.text.startsWith(prefix))
        .filter((n) => after === undefined || n.pattern.text > after)
        .sort((a, b) => (a.pattern.text < b.pattern.text ? -1 : 1))
        .slice(0, limit);
      return Promise.all(page.map((n) => this.view(tx, scope, tree, n)));
    });
  }

  async listChildren(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    after: string | undefined,
    limit: number,
  ): Promise<PackageGroupView[]> {
    const scope = this.scopeFor(caller, owner, 'ListSubPackageGroups', domain, pattern);
    parsePattern(pattern);
    return this.store.read(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const page = tree
        .children(this.require(tree, scope, domain, pattern))
        .filter((n) => after === undefined || n.pattern.text > after)
        .sort((a, b) => (a.pattern.text < b.pattern.text ? -1 : 1))
        .slice(0, limit);
      return Promise.all(page.map((n) => this.view(tx, scope, tree, n)));
    });
  }

  async updateOrigin(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    change: {
      restrictions?: Partial<Record<OriginRestrictionType, OriginRestrictionMode>>;
      add: AllowedRepository[];
      remove: AllowedRepository[];
    },
  ): Promise<{
    group: PackageGroupView;
    updates: Partial<Record<OriginRestrictionType, { ADDED?: string[]; REMOVED?: string[] }>>;
  }> {
    const scope = this.scopeFor(caller, owner, 'UpdatePackageGroupOriginConfiguration', domain, pattern);
    parsePattern(pattern);
    const modes = change.restrictions ?? {};
    if (pattern === ROOT_PATTERN)
      for (const [type, mode] of Object.entries(modes))
        if (mode === 'INHERIT')
          throw invalid(`restrictions.${type}: the root package group ${ROOT_PATTERN} has no parent to INHERIT from.`);
    for (const [i, entry] of [...change.add, ...change.remove].entries()) {
      const field = i < change.add.length ? 'addAllowedRepositories' : 'removeAllowedRepositories';
      if (!entry.repositoryName || !entry.originRestrictionType)
        throw invalid(`${field}: each entry needs repositoryName and originRestrictionType.`);
    }
    return this.store.write(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const node = this.require(tree, scope, domain, pattern);
      const record = { ...node.record, modes: { ...node.record.modes, ...modes } };
      await this.persist(tx, record);
      node.record = record;
      const updates: Partial<Record<OriginRestrictionType, { ADDED?: string[]; REMOVED?: string[] }>> = {};
      for (const type of ORIGIN_RESTRICTION_TYPES) {
        const adding = change.add.filter((e) => e.originRestrictionType === type).map((e) => e.repositoryName);
        const removing = change.remove.filter((e) => e.originRestrictionType === type).map((e) => e.repositoryName);
        for (const name of adding)
          if (!(await tx.getRepository(scope, domain, name)))
            throw notFound(
              'repository',
              name,
              `addAllowedRepositories: repository ${name} not found in domain ${domain} (owner ${scope.accountId}).`,
            );
        const added = await tx.addAllowedRepositories(scope, domain, pattern, type, adding);
        const removed = await tx.removeAllowedRepositories(scope, domain, pattern, type, removing);
        const count = (await tx.countAllowedRepositories(scope, domain, pattern))[type] ?? 0;
        if (count > MAX_ALLOWED_PER_RESTRICTION)
          throw invalid(
            `addAllowedRepositories: the ${type} list of ${pattern} would hold ${count} repositories; at most ${MAX_ALLOWED_PER_RESTRICTION}.`,
          );
        if (added.length > 0 || removed.length > 0)
          updates[type] = {
            ...(added.length > 0 ? { ADDED: added } : {}),
            ...(removed.length > 0 ? { REMOVED: removed } : {}),
          };
      }
      return { group: await this.view(tx, scope, tree, node), updates };
    });
  }

  async listAllowed(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    type: OriginRestrictionType,
    after: string | undefined,
    limit: number,
  ): Promise<string[]> {
    const scope = this.scopeFor(caller, owner, 'ListAllowedRepositoriesForGroup', domain, pattern);
    parsePattern(pattern);
    return this.store.read(async (tx) => {
      this.require(await this.tree(tx, scope, domain), scope, domain, pattern);
      return tx.listAllowedRepositories(scope, domain, pattern, type, after, limit);
    });
  }

  /** The group a package belongs to; the package need not exist. */
  async associated(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    format: string,
    namespace: string | undefined,
    name: string,
  ): Promise<{ group: PackageGroupView; association: AssociationType }> {
    const scope = this.scopeFor(caller, owner, 'GetAssociatedPackageGroup', domain);
    const rules = formatOf(format);
    if (rules.namespace === 'none' && namespace) throw invalid(`namespace: ${format} packages have no namespace.`);
    const path = { format, namespace: namespace ?? '', name: rules.normalizeName(name) };
    return this.store.read(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const { node, association } = tree.associated(path);
      return { group: await this.view(tx, scope, tree, node), association };
    });
  }

  /**
   * Packages of the domain (any repository) whose group this is; with `preview`, those that would be if the
   * group existed. Scans the domain's packages of the pattern's format in keyset order.
   */
  async listAssociated(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    preview: boolean,
    after: PackagePathCursor | undefined,
    limit: number,
  ): Promise<AssociatedPackageView[]> {
    const scope = this.scopeFor(caller, owner, 'ListAssociatedPackages', domain, pattern);
    const parsed: GroupPattern = parsePattern(pattern);
    return this.store.read(async (tx) => {
      let tree = await this.tree(tx, scope, domain);
      if (!tree.get(pattern)) {
        if (!preview) this.require(tree, scope, domain, pattern);
        tree = new GroupTree(
          [
            ...tree.nodes.map((n) => n.record),
            {
              ...implicitRoot(scope, domain, 0),
              pattern,
              format: parsed.format ?? '',
              namespace: parsed.namespace,
              namespacePrefix: parsed.level === 'namespace-prefix',
            },
          ],
          implicitRoot(scope, domain, 0),
        );
      }
      const out: AssociatedPackageView[] = [];
      let cursor = after;
      for (;;) {
        const batch = await tx.listDomainPackagePaths(scope, domain, parsed.format, cursor, 500);
        for (const path of batch) {
          if (!matchPackage(parsed, path)) continue;
          const { node, association } = tree.associated(path);
          if (node.pattern.text !== pattern) continue;
          out.push({ ...path, associationType: association });
          if (out.length >= limit) return out;
        }
        if (batch.length < 500) return out;
        cursor = batch[batch.length - 1];
      }
    });
  }
}
