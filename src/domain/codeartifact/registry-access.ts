// Who may do what through a package manager. A GetAuthorizationToken token carries the principal it was
// issued to (and the key it was issued with); each registry request is evaluated against that principal's
// policies and the repository's and domain's resource policies, with the action AWS maps it to
// (CodeArtifact User Guide, "Repository policies"): reading anything — packuments, tarballs, indexes,
// dist-tags — is `ReadFromRepository` on the repository ARN (it cannot be scoped to packages); publishing a
// version is `PublishPackageVersion` on the package ARN; changing a package's metadata (npm dist-tags,
// deprecations) is `PutPackageMetadata` on it; deleting versions (npm unpublish, which Quiver allows beyond
// AWS) is `DeletePackageVersions`. Every format's registry calls this one function.
import type { AccessView, Authorizer, Permission, Principal } from '../identity/authorizer.js';
import type { AuditTrail } from '../identity/audit.js';
import { accessDenied } from '../shared/errors.js';
import { packageArn, repositoryArn } from './arns.js';
import type { AuthorizationClaims } from './tokens.js';

export type RegistryAction =
  | 'ReadFromRepository'
  | 'PublishPackageVersion'
  | 'PutPackageMetadata'
  | 'DeletePackageVersions'
  // `gem yank`, `cargo yank` and NuGet's unlist/relist change a status: the AWS action that does that.
  | 'UpdatePackageVersionsStatus';

export interface RegistryTarget {
  accountId: string;
  region: string;
  domainName: string;
  repositoryName: string;
}

export interface RegistryPackage {
  format: string;
  /** '' or absent when the format has none. */
  namespace?: string;
  name: string;
}

export interface RegistryRequestFacts {
  requestId: string;
  sourceIp?: string;
}

export class RegistryAccess {
  constructor(
    private readonly authorizer: Authorizer,
    private readonly audit?: AuditTrail,
  ) {}

  /** The principal behind a token: undefined when its key (or user) no longer exists, or is someone else now. */
  async principalOf(claims: AuthorizationClaims, view?: AccessView): Promise<Principal | undefined> {
    const principal = await this.authorizer.principalOf(claims.accessKeyId, view);
    if (!principal) return undefined;
    if (claims.principalArn !== undefined && claims.principalArn !== principal.arn) return undefined;
    return principal;
  }

  /**
   * Throws AccessDenied (AWS's message) unless the token's principal may do `action` here. The allowed
   * request is then what the audit trail records for the writes it makes.
   */
  async require(
    claims: AuthorizationClaims,
    target: RegistryTarget,
    action: RegistryAction,
    pkg: RegistryPackage | undefined,
    facts: RegistryRequestFacts,
    now: number,
  ): Promise<void> {
    // One read of the access change counter for the whole check (principal and policies).
    const view = await this.authorizer.view();
    const principal = await this.principalOf(claims, view);
    if (!principal) throw accessDenied('The access key this token was issued with no longer exists; get a new token.');
    const scope = { accountId: target.accountId, region: target.region };
    const resourceArn =
      action === 'ReadFromRepository' || !pkg
        ? repositoryArn(scope, target.domainName, target.repositoryName)
        : packageArn(scope, target.domainName, target.repositoryName, pkg.format, pkg.namespace || undefined, pkg.name);
    const permission: Permission = { action: `codeartifact:${action}`, resourceArn };
    const denial = await this.authorizer.firstDenial(
      { principal, region: target.region, sourceIp: facts.sourceIp, now },
      [permission],
      { view },
    );
    const entry = {
      principalArn: principal.arn,
      ...permission,
      requestId: facts.requestId,
      sourceAddress: facts.sourceIp ?? '',
    };
    if (denial) {
      await this.audit?.recordDenied({ ...entry, at: now });
      throw accessDenied(denial.message);
    }
    this.audit?.describeRequest(entry);
  }
}
