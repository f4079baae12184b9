// IAM's evaluation logic for one request (IAM User Guide, "Policy evaluation logic" and "Cross-account policy
// evaluation logic"), over compiled policies:
//   1. an explicit Deny in any applicable policy wins;
//   2. within one account, an Allow in the identity's policies or in the resource's policy suffices — but a
//      resource policy that names only the *account* delegates to IAM, so then the identity must allow;
//   3. across accounts, the resource policy must allow the caller and the caller's identity must allow too;
//   4. otherwise the request is denied (default deny).
// The account root has every right in its own account (no identity policy is consulted for it).
import { conditionsHold, type RequestContextKeys, variableLookup } from './conditions.js';
import type { CompiledPolicy, CompiledStatement, PrincipalSet } from './document.js';
import type { PatternSet, VariableLookup } from './wildcard.js';

export interface PolicyPrincipal {
  /** `arn:aws:iam::<account>:root` or `arn:aws:iam::<account>:user/<name>`. */
  arn: string;
  accountId: string;
  isRoot: boolean;
}

export interface ResourcePolicy {
  /** The ARN the policy is attached to: what `"Resource": "*"` (or no Resource) stands for. */
  attachedTo: string;
  /** Further ARNs `"*"` covers (a repository policy covers the repository's packages). */
  covers?: (resourceArn: string) => boolean;
  policy: CompiledPolicy;
}

export interface AuthorizationQuestion {
  principal: PolicyPrincipal;
  action: string;
  resourceArn: string;
  resourceAccount: string;
  keys: RequestContextKeys;
}

export type DenialReason = 'identity-deny' | 'resource-deny' | 'no-identity-allow' | 'no-resource-allow';
export type Decision = { allowed: true } | { allowed: false; reason: DenialReason };

function actionMatches(statement: CompiledStatement, action: string): boolean {
  if (statement.actions) return statement.actions.test(action);
  return !statement.notActions!.test(action);
}

function resourceMatches(
  statement: CompiledStatement,
  resourceArn: string,
  lookup: VariableLookup,
  attached?: ResourcePolicy,
): boolean {
  // In a resource policy, `*` (or no Resource) is the resource the policy is attached to.
  const attachedMatch = () =>
    attached !== undefined && (resourceArn === attached.attachedTo || (attached.covers?.(resourceArn) ?? false));
  const matches = (set: PatternSet) =>
    attached ? (set.star && attachedMatch()) || set.testNamed(resourceArn, lookup) : set.test(resourceArn, lookup);
  if (statement.resources) return matches(statement.resources);
  if (statement.notResources) return !matches(statement.notResources);
  return attachedMatch();
}

/** How a principal element names the caller: not at all, through its account, or directly (or everyone). */
function principalMatch(set: PrincipalSet, principal: PolicyPrincipal): 'none' | 'account' | 'direct' {
  if (set.anyone || set.arns.includes(principal.arn)) return 'direct';
  if (set.accounts.includes(principal.accountId)) return principal.isRoot ? 'direct' : 'account';
  return 'none';
}

function statementApplies(
  statement: CompiledStatement,
  question: AuthorizationQuestion,
  attached?: ResourcePolicy,
): boolean {
  return (
    actionMatches(statement, question.action) &&
    resourceMatches(statement, question.resourceArn, variableLookup(question.keys), attached) &&
    conditionsHold(statement.conditions, question.keys)
  );
}

interface Tally {
  deny: boolean;
  allow: 'none' | 'account' | 'direct';
}

function tallyResourcePolicy(resource: ResourcePolicy, question: AuthorizationQuestion, tally: Tally): void {
  for (const statement of resource.policy.statements) {
    let named: 'none' | 'account' | 'direct';
    if (statement.principals) named = principalMatch(statement.principals, question.principal);
    else named = principalMatch(statement.notPrincipals!, question.principal) === 'none' ? 'direct' : 'none';
    if (named === 'none' || !statementApplies(statement, question, resource)) continue;
    if (statement.effect === 'Deny') tally.deny = true;
    else if (named === 'direct' || tally.allow === 'none') tally.allow = named;
  }
}

/**
 * The decision for one request. `identityPolicies` are the caller's attached policies (ignored for the root
 * of the resource's own account, which may do anything there); `resourcePolicies` those attached to the
 * resource (and its domain), which callers evaluating Put*PermissionsPolicy leave out, as AWS does.
 */
export function evaluate(
  question: AuthorizationQuestion,
  identityPolicies: CompiledPolicy[],
  resourcePolicies: ResourcePolicy[],
): Decision {
  let identityDeny = false;
  let identityAllow = question.principal.isRoot;
  for (const policy of identityPolicies) {
    for (const statement of policy.statements) {
      if (!statementApplies(statement, question)) continue;
      if (statement.effect === 'Deny') identityDeny = true;
      else identityAllow = true;
    }
  }
  if (identityDeny) return { allowed: false, reason: 'identity-deny' };
  const resource: Tally = { deny: false, allow: 'none' };
  for (const attached of resourcePolicies) tallyResourcePolicy(attached, question, resource);
  if (resource.deny) return { allowed: false, reason: 'resource-deny' };

  const sameAccount = question.principal.accountId === question.resourceAccount;
  if (sameAccount) {
    if (identityAllow || resource.allow === 'direct') return { allowed: true };
    return { allowed: false, reason: 'no-identity-allow' };
  }
  if (resource.allow === 'none') return { allowed: false, reason: 'no-resource-allow' };
  if (!identityAllow) return { allowed: false, reason: 'no-identity-allow' };
  return { allowed: true };
}

/** AWS's wording for a denial, e.g. `User: arn:… is not authorized to perform: codeartifact:X on resource: arn:… because no identity-based policy allows the codeartifact:X action`. */
export function denialMessage(question: AuthorizationQuestion, reason: DenialReason): string {
  const head = `User: ${question.principal.arn} is not authorized to perform: ${question.action} on resource: ${question.resourceArn}`;
  switch (reason) {
    case 'identity-deny':
      return `${head} with an explicit deny in an identity-based policy`;
    case 'resource-deny':
      return `${head} with an explicit deny in a resource-based policy`;
    case 'no-resource-allow':
      return `${head} because no resource-based policy allows the ${question.action} action`;
    case 'no-identity-allow':
      return `${head} because no identity-based policy allows the ${question.action} action`;
  }
}
