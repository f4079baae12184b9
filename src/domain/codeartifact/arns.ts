// CodeArtifact ARNs, as AWS writes them (partition `aws`, the request's region, the owning account).
import type { Scope } from '../../store/records.js';

export const domainArn = (scope: Scope, domain: string) =>
  `arn:aws:codeartifact:${scope.region}:${scope.accountId}:domain/${domain}`;

export const repositoryArn = (scope: Scope, domain: string, repository: string) =>
  `arn:aws:codeartifact:${scope.region}:${scope.accountId}:repository/${domain}/${repository}`;

/** The default key AWS uses when CreateDomain names none: the account's aws/codeartifact managed key. */
export const defaultEncryptionKey = (scope: Scope) =>
  `arn:aws:kms:${scope.region}:${scope.accountId}:alias/aws/codeartifact`;

export type TaggableResource =
  | { kind: 'domain'; scope: Scope; domain: string }
  | { kind: 'repository'; scope: Scope; domain: string; repository: string };

/** A domain or repository ARN taken apart; undefined when it is neither. */
export function parseResourceArn(arn: string): TaggableResource | undefined {
  const match = /^arn:aws:codeartifact:([a-z0-9-]+):(\d{12}):(domain|repository)\/([^/]+)(?:\/([^/]+))?$/.exec(arn);
  if (!match) return undefined;
  const [, region, accountId, kind, domain, repository] = match;
  const scope = { region: region!, accountId: accountId! };
  if (kind === 'domain' && repository === undefined) return { kind: 'domain', scope, domain: domain! };
  if (kind === 'repository' && repository !== undefined)
    return { kind: 'repository', scope, domain: domain!, repository };
  return undefined;
}
