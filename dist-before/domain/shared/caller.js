import { accessDenied } from './errors.js';
/**
 * The scope a request addresses: the caller's own account unless it names another owner. Quiver has no
 * resource policies yet, so naming another account's resource is AccessDenied, as AWS answers then.
 */
export function ownedScope(caller, owner, action, resourceArn) {
    if (owner !== undefined && owner !== caller.accountId) {
        throw accessDenied(`User: arn:aws:iam::${caller.accountId}:root is not authorized to perform: ${action} on resource: ${resourceArn}`);
    }
    return { accountId: caller.accountId, region: caller.region };
}
//# sourceMappingURL=caller.js.map