// Who is asking, and where: the account comes from the access key, the region from the signature scope.
import type { Scope } from '../../store/records.js';
import { accessDenied } from './errors.js';

export interface Caller extends Scope {
  accessKeyId: string;
  /** `arn:aws:iam::<account>:root` or `…:user/<name>`; absent where no principal was resolved (tests, tools). */
  principalArn?: string;
  /** The IAM user the key belongs to; absent for the account root. */
  userName?: string;
  /**
   * Other accounts whose resources the policy evaluator allowed this very request to address (their domain
   * or repository policy grants it). Set by the adapter after evaluation; nothing else widens a caller's reach.
   */
  authorizedAccounts?: readonly string[];
}

/** The principal ARN to show in messages: the caller's own, else its account root's. */
export const principalArnOf = (caller: Caller) => caller.principalArn ?? `arn:aws:iam::${caller.accountId}:root`;

/**
 * The scope a request addresses: the caller's own account unless it names another owner. Another owner's
 * resource is reachable only when the policy evaluator allowed this request on it (its resource policy
 * grants the caller, and the caller's identity allows); otherwise AccessDenied, as AWS answers.
 */
export function ownedScope(caller: Caller, owner: string | undefined, action: string, resourceArn: string): Scope {
  if (owner !== undefined && owner !== caller.accountId) {
    if (caller.authorizedAccounts?.includes(owner)) return { accountId: owner, region: caller.region };
    throw accessDenied(
      `User: ${principalArnOf(caller)} is not authorized to perform: ${action} on resource: ${resourceArn} because no resource-based policy allows the ${action} action`,
    );
  }
  return { accountId: caller.accountId, region: caller.region };
}
