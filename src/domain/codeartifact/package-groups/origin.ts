// What a package's group says about one way of entering one repository: the check the format core makes in
// recordVersion (every publish, retention and ingest) and in the upstream search. Read in the caller's
// transaction, uncached: the groups that can match the package (one indexed statement), and an allowed list
// only when the deciding restriction is ALLOW_SPECIFIC_REPOSITORIES. So a change made through any instance
// applies to the next request everywhere.
import type { OriginRestrictionType, PackageCoordinates } from '../../../store/records.js';
import type { PackageGroupTx } from '../../../store/store.js';
import { ROOT_PATTERN, compareSpecificity, matchPackage, storedPattern } from './pattern.js';
import { implicitRoot } from './tree.js';

export interface OriginRules {
  /** The pattern of the package's group. */
  readonly group: string;
  /** Whether versions may enter `repositoryName` this way; with the group that decided it. */
  allows(type: OriginRestrictionType, repositoryName: string): Promise<{ allowed: boolean; decidedBy: string }>;
}

export async function originRules(tx: PackageGroupTx, c: PackageCoordinates): Promise<OriginRules> {
  const records = await tx.listPackageGroupsFor(c, c.domainName, c.format, c.namespace);
  if (!records.some((r) => r.pattern === ROOT_PATTERN)) records.push(implicitRoot(c, c.domainName, 0));
  // The groups the package matches form one chain (tree.ts): the most specific first, then its ancestors, so
  // INHERIT resolves along this list without building the whole tree.
  const chain = records
    .map((record) => ({ record, pattern: storedPattern(record.pattern) }))
    .filter((n) => matchPackage(n.pattern, c) !== undefined)
    .sort((a, b) => compareSpecificity(b.pattern, a.pattern));
  const node = chain[0]!;
  const memo = new Map<string, Promise<{ allowed: boolean; decidedBy: string }>>();
  return {
    group: node.pattern.text,
    allows(type, repositoryName) {
      const key = `${type}\n${repositoryName}`;
      let answer = memo.get(key);
      if (!answer) {
        const from = chain.find((n) => n.record.modes[type] !== 'INHERIT') ?? chain[chain.length - 1]!;
        const effectiveMode = from.record.modes[type] === 'INHERIT' ? 'ALLOW' : from.record.modes[type];
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
