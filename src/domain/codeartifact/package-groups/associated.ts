// ListAssociatedPackages: the domain's packages (any repository) whose group a pattern is, or with `preview`
// would be if it existed (the tree is then built with it added). Scans the domain's packages of the pattern's
// format in keyset order, 500 at a time, until `limit` match.
import type { PackagePathCursor, Scope } from '../../../store/records.js';
import type { CatalogTx } from '../../../store/store.js';
import { type GroupPattern, matchPackage } from './pattern.js';
import { GroupTree, implicitRoot } from './tree.js';
import { type AssociatedPackageView, requireGroup } from './views.js';

const SCAN_PAGE = 500;

export async function associatedPackages(
  tx: Pick<CatalogTx, 'listDomainPackagePaths'>,
  scope: Scope,
  domain: string,
  tree: GroupTree,
  parsed: GroupPattern,
  request: { pattern: string; preview: boolean; after: PackagePathCursor | undefined; limit: number },
): Promise<AssociatedPackageView[]> {
  const { pattern, preview, after, limit } = request;
  if (!tree.get(pattern)) {
    if (!preview) requireGroup(tree, scope, domain, pattern);
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
    const batch = await tx.listDomainPackagePaths(scope, domain, parsed.format, cursor, SCAN_PAGE);
    for (const path of batch) {
      if (!matchPackage(parsed, path)) continue;
      const { node, association } = tree.associated(path);
      if (node.pattern.text !== pattern) continue;
      out.push({ ...path, associationType: association });
      if (out.length >= limit) return out;
    }
    if (batch.length < SCAN_PAGE) return out;
    cursor = batch[batch.length - 1];
  }
}
