// Authorization at the AWS edge: after a request is verified and validated, the engine asks this function
// whether the caller may do it. Each service says what an operation needs (its `permissions`: action and
// resource ARNs, from the input); the domain's Authorizer evaluates the policies. A denial is the service's
// 403 (AccessDeniedException; Image Builder's modelled ForbiddenException, which the cross-tenant tests pin)
// with AWS's message, and the handler never runs: nothing is read or written.
import type { AuditTrail } from '../domain/identity/audit.js';
import type { Authorizer, Principal } from '../domain/identity/authorizer.js';
import { AwsError } from './errors.js';
import type { AwsServiceBinding } from './service.js';

export interface AuthorizeRequest {
  binding: AwsServiceBinding;
  operation: string;
  input: Record<string, unknown>;
  accountId: string;
  accessKeyId: string;
  region: string;
  requestId: string;
  sourceIp?: string;
  now: Date;
}

export interface Authorized {
  principal: Principal;
  /** Other accounts whose resources this request was allowed to address (their resource policies allowed it). */
  authorizedAccounts: string[];
}

export type Authorize = (request: AuthorizeRequest) => Promise<Authorized>;

/** What an operation needs when its service states nothing: `<service>:<Operation>` on its resourceArn, or `*`. */
export function defaultPermissions(binding: AwsServiceBinding, operation: string, input: Record<string, unknown>) {
  const arn = input.resourceArn ?? input.ResourceArn;
  return [{ action: `${binding.model.signingName}:${operation}`, resourceArn: typeof arn === 'string' ? arn : '*' }];
}

// AWS evaluates Put*PermissionsPolicy on identity policies alone, so a resource policy can neither lock its
// owner out nor delegate policy edits (CodeArtifact User Guide, "Domain policies").
const IDENTITY_ONLY = /^Put[A-Za-z]*PermissionsPolicy$/;

export function awsAuthorize(authorizer: Authorizer, audit?: AuditTrail): Authorize {
  return async (request) => {
    // One read of the access change counter for the whole check (principal and policies).
    const view = await authorizer.view();
    const principal = await authorizer.principalOf(request.accessKeyId, view);
    if (!principal)
      throw new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        {},
        403,
      );
    const scope = { accountId: request.accountId, region: request.region };
    const permissions =
      request.binding.permissions?.(request.operation, request.input, scope) ??
      defaultPermissions(request.binding, request.operation, request.input);
    const denial = await authorizer.firstDenial(
      { principal, region: request.region, sourceIp: request.sourceIp, now: request.now.getTime() },
      permissions,
      { ignoreResourcePolicies: IDENTITY_ONLY.test(request.operation), view },
    );
    const first = denial ?? permissions[0]!;
    const audited = {
      principalArn: principal.arn,
      action: first.action,
      resourceArn: first.resourceArn,
      requestId: request.requestId,
      sourceAddress: request.sourceIp ?? '',
    };
    if (denial) {
      await audit?.recordDenied({ ...audited, at: request.now.getTime() });
      throw new AwsError(request.binding.errorNames.accessDenied, denial.message, {}, 403);
    }
    audit?.describeRequest(audited);
    const authorizedAccounts = [
      ...new Set(
        permissions
          .map((permission) => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(permission.resourceArn)?.[1])
          .filter((account): account is string => account !== undefined && account !== principal.accountId),
      ),
    ];
    return { principal, authorizedAccounts };
  };
}
