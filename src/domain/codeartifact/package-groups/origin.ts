// What a package's group says about one way of entering one repository: the check the format core makes in
// recordVersion (every publish, retention and ingest) and in the upstream search. Read in the caller's
// transaction, uncached: the root and the package format's groups (one indexed statement), and an allowed list
// only when the deciding restriction is ALLOW_SPECIFIC_REPOSITORIES. So a change made through any instance
// applies to the next request everywhere.
import type { OriginRestrictionType, PackageCoordinates } from '../../../store/records.js';
import type { PackageGroupTx } from '../../../store/store.js';
import { GroupTree, implicitRoot } from './tree.js';

export interface OriginRules {
  /** The pattern of the package's group. */
  readonly group: string;
  /** Whether versions may enter `repositoryName` this way; with the group that decided it. */
  allows(type: OriginRestrictionType, repositoryName: string): Promise<{ allowed: boolean; decidedBy: string }>;
}

export async function originRules(tx: PackageGroupTx, c: PackageCoordinates): Promise<OriginRules> {
  const records = await tx.listPackageGroups(c, c.domainName, c.format);
  const tree = new GroupTree(records, implicitRoot(c, c.domainName, 0));
  const { node } = tree.associated(c);
  const memo = new Map<string, Promise<{ allowed: boolean; decidedBy: string }>>();
  return {
    group: node.pattern.text,
    allows(type, repositoryName) {
      const key = `${type}\n${repositoryName}`;
      let answer = memo.get(key);
      if (!answer) {
        const { effectiveMode, from } = tree.resolve(node, type);
        const decidedBy = from.pattern.text;
        answer =
          effectiveMode === 'ALLOW_SPECIFIC_REPOSITORIES'
            ? tx
                .isAllowedRepository(c, c.domainName, decidedBy, type, repositoryName)
                .then((allowed) => ({ allowed, decidedBy }))
            : Promise.resolve({ allowed: effectiveMode === 'ALLOW', decidedBy });
        memo.set(key, answer);
      }
      return answer;
    },
  };
}
