// A domain's package groups as a tree: the implicit root `/*`, each group's parent (the most specific group that
// contains it, so deleting a group hands its children to its own parent with nothing rewritten), INHERIT resolved
// to the first ancestor that says something else, and the group a package belongs to (the most specific match).
import type {
  OriginRestrictionMode,
  OriginRestrictionType,
  PackageGroupRecord,
  Scope,
} from '../../../store/records.js';
import { ORIGIN_RESTRICTION_TYPES } from '../../../store/records.js';
import {
  type AssociationType,
  type GroupPattern,
  type PackagePath,
  ROOT_PATTERN,
  compareSpecificity,
  contains,
  matchPackage,
  storedPattern,
} from './pattern.js';

export interface GroupNode {
  record: PackageGroupRecord;
  pattern: GroupPattern;
}

export interface ResolvedRestriction {
  mode: OriginRestrictionMode;
  effectiveMode: Exclude<OriginRestrictionMode, 'INHERIT'>;
  /** The group whose setting applies: this one, or the ancestor an INHERIT resolved to. */
  from: GroupNode;
}

/** The root group as every domain has it until its settings are changed: everything allowed. */
export const implicitRoot = (scope: Scope, domainName: string, createdAt: number): PackageGroupRecord => ({
  ...scope,
  domainName,
  pattern: ROOT_PATTERN,
  format: '',
  namespacePrefix: false,
  modes: { PUBLISH: 'ALLOW', EXTERNAL_UPSTREAM: 'ALLOW', INTERNAL_UPSTREAM: 'ALLOW' },
  createdAt,
});

export class GroupTree {
  /** Least specific first. */
  readonly nodes: GroupNode[];

  constructor(records: PackageGroupRecord[], root: PackageGroupRecord) {
    const all = records.some((r) => r.pattern === ROOT_PATTERN) ? records : [root, ...records];
    // Stored patterns were parsed when they were created; parsing again cannot fail.
    this.nodes = all.map((record) => ({ record, pattern: storedPattern(record.pattern) }));
    this.nodes.sort((a, b) => compareSpecificity(a.pattern, b.pattern));
  }

  get(pattern: string): GroupNode | undefined {
    return this.nodes.find((n) => n.pattern.text === pattern);
  }

  /** Ancestors of a pattern (it need not be a group), nearest first. */
  ancestors(pattern: GroupPattern): GroupNode[] {
    return this.nodes.filter((n) => contains(n.pattern, pattern)).reverse();
  }

  parent(pattern: GroupPattern): GroupNode | undefined {
    return this.ancestors(pattern)[0];
  }

  /** The direct children of a group: the groups whose parent it is. */
  children(node: GroupNode): GroupNode[] {
    return this.nodes.filter((n) => this.parent(n.pattern)?.pattern.text === node.pattern.text);
  }

  resolve(node: GroupNode, type: OriginRestrictionType): ResolvedRestriction {
    const mode = node.record.modes[type];
    if (mode !== 'INHERIT') return { mode, effectiveMode: mode, from: node };
    for (const ancestor of this.ancestors(node.pattern)) {
      const inherited = ancestor.record.modes[type];
      if (inherited !== 'INHERIT') return { mode, effectiveMode: inherited, from: ancestor };
    }
    return { mode, effectiveMode: 'ALLOW', from: this.nodes[0]! }; // the root never says INHERIT
  }

  resolveAll(node: GroupNode): Record<OriginRestrictionType, ResolvedRestriction> {
    return Object.fromEntries(ORIGIN_RESTRICTION_TYPES.map((t) => [t, this.resolve(node, t)])) as Record<
      OriginRestrictionType,
      ResolvedRestriction
    >;
  }

  /** The group a package belongs to: the most specific one whose pattern it matches (the root at least). */
  associated(pkg: PackagePath): { node: GroupNode; association: AssociationType } {
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i]!;
      const association = matchPackage(node.pattern, pkg);
      if (association) return { node, association };
    }
    return { node: this.nodes[0]!, association: 'STRONG' };
  }
}
