// CodeArtifact ARNs, as AWS writes them (partition `aws`, the request's region, the owning account).
import type { Scope } from '../../store/records.js';

export const domainArn = (scope: Scope, domain: string) =>
  `arn:aws:codeartifact:${scope.region}:${scope.accountId}:domain/${domain}`;

export const repositoryArn = (scope: Scope, domain: string, repository: string) =>
  `arn:aws:codeartifact:${scope.region}:${scope.accountId}:repository/${domain}/${repository}`;

/** A package group's ARN: `…:package-group/<domain>/<pattern, URI-encoded>` (the pattern starts with `/`). */
export const packageGroupArn = (scope: Scope, domain: string, pattern: string) =>
  `arn:aws:codeartifact:${scope.region}:${scope.accountId}:package-group/${domain}/${encodeURIComponent(pattern)}`;

/** The default key AWS uses when CreateDomain names none: the account's aws/codeartifact managed key. */
export const defaultEncryptionKey = (scope: Scope) =>
  `arn:aws:kms:${scope.region}:${scope.accountId}:alias/aws/codeartifact`;

export type TaggableResource =
  | { kind: 'domain'; scope: Scope; domain: string }
  | { kind: 'repository'; scope: Scope; domain: string; repository: string }
  | { kind: 'package-group'; scope: Scope; domain: string; pattern: string };

/** A domain, repository or package-group ARN taken apart; undefined when it is none of them. */
export function parseResourceArn(arn: string): TaggableResource | undefined {
  const group = /^arn:aws:codeartifact:([a-z0-9-]+):(\d{12}):package-group\/([^/]+)\/([^/]+)$/.exec(arn);
  if (group) {
    let pattern: string;
    try {
      pattern = decodeURIComponent(group[4]!);
    } catch {
      return undefined;
    }
    return { kind: 'package-group', scope: { region: group[1]!, accountId: group[2]! }, domain: group[3]!, pattern };
  }
  const match = /^arn:aws:codeartifact:([a-z0-9-]+):(\d{12}):(domain|repository)\/([^/]+)(?:\/([^/]+))?$/.exec(arn);
  if (!match) return undefined;
  const [, region, accountId, kind, domain, repository] = match;
  const scope = { region: region!, accountId: accountId! };
  if (kind === 'domain' && repository === undefined) return { kind: 'domain', scope, domain: domain! };
  if (kind === 'repository' && repository !== undefined)
    return { kind: 'repository', scope, domain: domain!, repository };
  return undefined;
}

/**
 * A package's ARN, as IAM policies name it: `…:package/<domain>/<repository>/<format>/<namespace>/<name>`,
 * the namespace segment empty when there is none (`…/pypi//requests`).
 */
export const packageArn = (
  scope: Scope,
  domain: string,
  repository: string,
  format: string,
  namespace: string | undefined,
  name: string,
) =>
  `arn:aws:codeartifact:${scope.region}:${scope.accountId}:package/${domain}/${repository}/${format}/${namespace ?? ''}/${name}`;

/**
 * Which resource policies govern a CodeArtifact ARN: a repository's policy covers the repository and its
 * packages; a domain's policy covers the domain (its `"Resource": "*"` means the domain; a statement naming
 * a repository or package ARN of the domain explicitly applies to it too).
 */
export function policyAttachments(resourceArn: string): { attachedTo: string; covers?: (arn: string) => boolean }[] {
  const match = /^(arn:aws:codeartifact:[^:]+:\d{12}:)(domain|repository|package)\/([^/]+)(?:\/([^/]+))?/.exec(
    resourceArn,
  );
  if (!match) return [];
  const [, prefix, kind, domain, repository] = match;
  const domainPolicy = { attachedTo: `${prefix}domain/${domain}` };
  if (kind === 'domain' || repository === undefined) return [domainPolicy];
  const repositoryPolicy = `${prefix}repository/${domain}/${repository}`;
  const packagesOf = `${prefix}package/${domain}/${repository}/`;
  return [{ attachedTo: repositoryPolicy, covers: (arn: string) => arn.startsWith(packagesOf) }, domainPolicy];
}
