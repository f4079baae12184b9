// What the package-group operations answer: a group as AWS describes it (its own and effective origin modes,
// where an INHERIT comes from, how many repositories each restriction lists, its parent), and the 404 for a
// pattern the domain has no group for.
import type { OriginRestrictionMode, OriginRestrictionType, Scope } from '../../../store/records.js';
import { ORIGIN_RESTRICTION_TYPES } from '../../../store/records.js';
import type { CatalogTx } from '../../../store/store.js';
import { notFound } from '../../shared/errors.js';
import { packageGroupArn } from '../arns.js';
import type { AssociationType } from './pattern.js';
import type { GroupNode, GroupTree } from './tree.js';

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

/** The group of `pattern` in the tree; AWS's not-found when the domain has none. */
export function requireGroup(tree: GroupTree, scope: Scope, domain: string, pattern: string): GroupNode {
  const node = tree.get(pattern);
  if (!node)
    throw notFound(
      'package-group',
      pattern,
      `Package group not found. PackageGroup: ${pattern}, Domain: ${domain}, DomainOwner: ${scope.accountId}`,
    );
  return node;
}

function reference(scope: Scope, domain: string, node: GroupNode): GroupReference {
  return { arn: packageGroupArn(scope, domain, node.pattern.text), pattern: node.pattern.text };
}

export async function groupView(
  tx: Pick<CatalogTx, 'countAllowedRepositories'>,
  scope: Scope,
  tree: GroupTree,
  node: GroupNode,
): Promise<PackageGroupView> {
  const domain = node.record.domainName;
  const counts = await tx.countAllowedRepositories(scope, domain, node.pattern.text);
  const restrictions = {} as Record<OriginRestrictionType, RestrictionView>;
  for (const type of ORIGIN_RESTRICTION_TYPES) {
    const resolved = tree.resolve(node, type);
    restrictions[type] = {
      mode: resolved.mode,
      effectiveMode: resolved.effectiveMode,
      inheritedFrom: resolved.mode === 'INHERIT' ? reference(scope, domain, resolved.from) : undefined,
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
    parent: parent && reference(scope, domain, parent),
  };
}
