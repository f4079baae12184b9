// Domain and repository permissions policies (Put/Get/Delete{Domain,Repository}PermissionsPolicy): one
// resource policy per domain or repository, with a revision for optimistic concurrency (`policyRevision`:
// the write happens only when the stored revision is still that one, checked in the writing transaction).
// The document is checked and compiled before it is stored, so evaluation never meets a bad one.
import { randomBytes } from 'node:crypto';
import type { ResourcePolicyRecord } from '../../store/records.js';
import type { AccessTx, CatalogRepositoriesTx, Store } from '../../store/store.js';
import { compilePolicy } from '../identity/policy/document.js';
import { type Caller, ownedScope } from '../shared/caller.js';
import { conflict, notFound } from '../shared/errors.js';
import { domainArn, repositoryArn } from './arns.js';
import { domainNotFound } from './domains.js';
import { repositoryNotFound } from './repositories.js';

/** The models' PolicyDocument maximum. */
export const RESOURCE_POLICY_MAX_CHARS = 7168;

export interface PolicyTarget {
  owner?: string;
  domain: string;
  /** Absent: the domain's policy. */
  repository?: string;
}

export interface ResourcePolicyView {
  resourceArn: string;
  revision: string;
  document: string;
}

const view = (record: ResourcePolicyRecord): ResourcePolicyView => ({
  resourceArn: record.resourceArn,
  revision: record.revision,
  document: record.document,
});

export class PermissionsPolicies {
  constructor(private readonly store: Store<CatalogRepositoriesTx & AccessTx>) {}

  /** The target's ARN in its owner's scope; the target itself must exist. */
  private async resolve(tx: CatalogRepositoriesTx, caller: Caller, target: PolicyTarget, operation: string) {
    const kind = target.repository === undefined ? 'Domain' : 'Repository';
    const owner = { accountId: target.owner ?? caller.accountId, region: caller.region };
    const wanted =
      target.repository === undefined
        ? domainArn(owner, target.domain)
        : repositoryArn(owner, target.domain, target.repository);
    const scope = ownedScope(caller, target.owner, `codeartifact:${operation}${kind}PermissionsPolicy`, wanted);
    if (!(await tx.getDomain(scope, target.domain))) throw domainNotFound(scope, target.domain);
    if (target.repository !== undefined && !(await tx.getRepository(scope, target.domain, target.repository)))
      throw repositoryNotFound(scope, target.domain, target.repository);
    return { scope, arn: wanted };
  }

  private static missing(arn: string, target: PolicyTarget) {
    const kind = target.repository === undefined ? 'domain' : 'repository';
    return notFound(kind, target.repository ?? target.domain, `No resource policy is attached to ${arn}.`);
  }

  async put(
    caller: Caller,
    target: PolicyTarget,
    document: string,
    expectedRevision: string | undefined,
    now: number,
  ): Promise<ResourcePolicyView> {
    compilePolicy(document, 'resource', RESOURCE_POLICY_MAX_CHARS);
    return this.store.write(async (tx) => {
      const { scope, arn } = await this.resolve(tx, caller, target, 'Put');
      const current = await tx.getResourcePolicy(arn);
      if (expectedRevision !== undefined && current?.revision !== expectedRevision) {
        throw conflict(
          target.repository === undefined ? 'domain' : 'repository',
          target.repository ?? target.domain,
          `The policy revision ${expectedRevision} does not match the current revision ${current?.revision ?? '(none: no policy is attached)'} of ${arn}.`,
        );
      }
      const record = {
        resourceArn: arn,
        accountId: scope.accountId,
        document,
        revision: randomBytes(32).toString('base64'),
        updatedAt: now,
      };
      await tx.putResourcePolicy(record);
      return view(record);
    });
  }

  async get(caller: Caller, target: PolicyTarget): Promise<ResourcePolicyView> {
    return this.store.read(async (tx) => {
      const { arn } = await this.resolve(tx, caller, target, 'Get');
      const current = await tx.getResourcePolicy(arn);
      if (!current) throw PermissionsPolicies.missing(arn, target);
      return view(current);
    });
  }

  async delete(
    caller: Caller,
    target: PolicyTarget,
    expectedRevision: string | undefined,
  ): Promise<ResourcePolicyView> {
    return this.store.write(async (tx) => {
      const { arn } = await this.resolve(tx, caller, target, 'Delete');
      const current = await tx.getResourcePolicy(arn);
      if (!current) throw PermissionsPolicies.missing(arn, target);
      if (expectedRevision !== undefined && current.revision !== expectedRevision) {
        throw conflict(
          target.repository === undefined ? 'domain' : 'repository',
          target.repository ?? target.domain,
          `The policy revision ${expectedRevision} does not match the current revision ${current.revision} of ${arn}.`,
        );
      }
      await tx.deleteResourcePolicy(arn);
      return view(current);
    });
  }
}
