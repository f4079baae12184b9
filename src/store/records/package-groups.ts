// CodeArtifact package groups: a pattern per group (its identifier within a domain), its origin restriction
// modes and the repositories each ALLOW_SPECIFIC_REPOSITORIES restriction lists.
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.
import type { Scope } from './scope.js';

export type OriginRestrictionType = 'PUBLISH' | 'EXTERNAL_UPSTREAM' | 'INTERNAL_UPSTREAM';
export type OriginRestrictionMode = 'ALLOW' | 'ALLOW_SPECIFIC_REPOSITORIES' | 'BLOCK' | 'INHERIT';

export const ORIGIN_RESTRICTION_TYPES: readonly OriginRestrictionType[] = [
  'PUBLISH',
  'EXTERNAL_UPSTREAM',
  'INTERNAL_UPSTREAM',
];

export interface PackageGroupRecord extends Scope {
  domainName: string;
  pattern: string;
  /** The format the pattern names ('' for the root group `/*`): what a package's lookup filters on. */
  format: string;
  /**
   * The namespace the pattern names (undefined for `/*` and `/<format>/*`), and whether as a prefix (`~`): with the
   * format, what lets a package's lookup read only the groups that can match it.
   */
  namespace?: string;
  namespacePrefix: boolean;
  contactInfo?: string;
  description?: string;
  modes: Record<OriginRestrictionType, OriginRestrictionMode>;
  createdAt: number;
}

/** Keyset position in a domain's distinct package coordinates. */
export interface PackagePathCursor {
  format: string;
  namespace: string;
  name: string;
}
