// What each CodeArtifact operation needs, as the Service Authorization Reference lists it: the action is
// `codeartifact:<Operation>`, on the most specific resource its input names — a package, else a repository,
// else a package group, else a domain, else `*` (ListDomains, ListRepositories). Two operations need more:
// GetAuthorizationToken also needs `sts:GetServiceBearerToken` (with `sts:AWSServiceName` and
// `sts:DurationSeconds`), and CopyPackageVersions reads its source repository.
import type { Permission } from '../../../domain/identity/authorizer.js';
import { domainArn, packageArn, packageGroupArn, repositoryArn } from '../../../domain/codeartifact/arns.js';
import { DEFAULT_TOKEN_SECONDS } from '../../../domain/codeartifact/tokens.js';
import type { Scope } from '../../../store/records.js';

type Input = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export { packageGroupArn };

/** The ARN of the resource an operation's input names (the domain owner's account, else the caller's). */
export function codeArtifactResource(input: Input, caller: Scope, repository = text(input.repository)): string {
  if (text(input.resourceArn)) return text(input.resourceArn)!;
  const domain = text(input.domain);
  if (domain === undefined) return '*';
  const scope = { accountId: text(input.domainOwner) ?? caller.accountId, region: caller.region };
  const name = text(input.package);
  const format = text(input.format);
  if (repository !== undefined && name !== undefined && format !== undefined)
    return packageArn(scope, domain, repository, format, text(input.namespace), name);
  if (repository !== undefined) return repositoryArn(scope, domain, repository);
  if (text(input.packageGroup) !== undefined) return packageGroupArn(scope, domain, text(input.packageGroup)!);
  return domainArn(scope, domain);
}

export function codeArtifactPermissions(operation: string, input: Input, caller: Scope): Permission[] {
  const action = `codeartifact:${operation}`;
  if (operation === 'CopyPackageVersions') {
    return [
      { action, resourceArn: codeArtifactResource(input, caller, text(input.destinationRepository)) },
      {
        action: 'codeartifact:ReadFromRepository',
        resourceArn: codeArtifactResource({ ...input, package: undefined }, caller, text(input.sourceRepository)),
      },
    ];
  }
  const permissions: Permission[] = [{ action, resourceArn: codeArtifactResource(input, caller) }];
  if (operation === 'GetAuthorizationToken') {
    const duration =
      typeof input.durationSeconds === 'number' && input.durationSeconds > 0
        ? input.durationSeconds
        : DEFAULT_TOKEN_SECONDS;
    permissions.push({
      action: 'sts:GetServiceBearerToken',
      resourceArn: '*',
      keys: { 'sts:awsservicename': 'codeartifact.amazonaws.com', 'sts:durationseconds': duration },
    });
  }
  return permissions;
}
