// Who is asking, and where: the account comes from the access key, the region from the signature scope.
import type { Scope } from '../../store/records.js';
import { accessDenied } from './errors.js';

export interface Caller extends Scope {
  accessKeyId: string;
}

/**
 * The scope a request addresses: the caller's own account unless it names another owner. Quiver has no
 * resource policies yet, so naming another account's resource is AccessDenied, as AWS answers then.
 */
export function ownedScope(caller: Caller, owner: string | undefined, action: string, resourceArn: string): Scope {
  if (owner !== undefined && owner !== caller.accountId) {
    throw accessDenied(
      `User: arn:aws:iam::${caller.accountId}:root is not authorized to perform: ${action} on resource: ${resourceArn}`,
    );
  }
  return { accountId: caller.accountId, region: caller.region };
}
