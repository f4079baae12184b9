// CodeArtifact permissions-policy handlers: Put/Get/Delete of a domain's or a repository's resource policy.
import type { PermissionsPolicies, ResourcePolicyView } from '../../../domain/codeartifact/permissions-policies.js';
import type {
  Operations as CodeArtifactOperations,
  DeleteDomainPermissionsPolicyResult,
  DeleteRepositoryPermissionsPolicyResult,
  GetDomainPermissionsPolicyResult,
  GetRepositoryPermissionsPolicyResult,
  PutDomainPermissionsPolicyResult,
  PutRepositoryPermissionsPolicyResult,
  ResourcePolicy,
} from '../../models/codeartifact/types.js';
import type { OperationHandlers } from '../../service.js';
import { callerOf } from '../caller.js';

export interface CodeArtifactPolicies {
  policies: PermissionsPolicies;
}

const shown = (policy: ResourcePolicyView): { policy: ResourcePolicy } => ({
  policy: { resourceArn: policy.resourceArn, revision: policy.revision, document: policy.document },
});

export function policyHandlers(ca: CodeArtifactPolicies): OperationHandlers<CodeArtifactOperations> {
  return {
    async PutDomainPermissionsPolicy(input, context): Promise<PutDomainPermissionsPolicyResult> {
      const target = { owner: input.domainOwner, domain: input.domain };
      return shown(
        await ca.policies.put(
          callerOf(context),
          target,
          input.policyDocument,
          input.policyRevision,
          context.now.getTime(),
        ),
      );
    },
    async GetDomainPermissionsPolicy(input, context): Promise<GetDomainPermissionsPolicyResult> {
      return shown(await ca.policies.get(callerOf(context), { owner: input.domainOwner, domain: input.domain }));
    },
    async DeleteDomainPermissionsPolicy(input, context): Promise<DeleteDomainPermissionsPolicyResult> {
      const target = { owner: input.domainOwner, domain: input.domain };
      return shown(await ca.policies.delete(callerOf(context), target, input.policyRevision));
    },
    async PutRepositoryPermissionsPolicy(input, context): Promise<PutRepositoryPermissionsPolicyResult> {
      const target = { owner: input.domainOwner, domain: input.domain, repository: input.repository };
      return shown(
        await ca.policies.put(
          callerOf(context),
          target,
          input.policyDocument,
          input.policyRevision,
          context.now.getTime(),
        ),
      );
    },
    async GetRepositoryPermissionsPolicy(input, context): Promise<GetRepositoryPermissionsPolicyResult> {
      const target = { owner: input.domainOwner, domain: input.domain, repository: input.repository };
      return shown(await ca.policies.get(callerOf(context), target));
    },
    async DeleteRepositoryPermissionsPolicy(input, context): Promise<DeleteRepositoryPermissionsPolicyResult> {
      const target = { owner: input.domainOwner, domain: input.domain, repository: input.repository };
      return shown(await ca.policies.delete(callerOf(context), target, input.policyRevision));
    },
  };
}
