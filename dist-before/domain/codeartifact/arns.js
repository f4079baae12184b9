export const domainArn = (scope, domain) => `arn:aws:codeartifact:${scope.region}:${scope.accountId}:domain/${domain}`;
export const repositoryArn = (scope, domain, repository) => `arn:aws:codeartifact:${scope.region}:${scope.accountId}:repository/${domain}/${repository}`;
/** The default key AWS uses when CreateDomain names none: the account's aws/codeartifact managed key. */
export const defaultEncryptionKey = (scope) => `arn:aws:kms:${scope.region}:${scope.accountId}:alias/aws/codeartifact`;
/** A domain or repository ARN taken apart; undefined when it is neither. */
export function parseResourceArn(arn) {
    const match = /^arn:aws:codeartifact:([a-z0-9-]+):(\d{12}):(domain|repository)\/([^/]+)(?:\/([^/]+))?$/.exec(arn);
    if (!match)
        return undefined;
    const [, region, accountId, kind, domain, repository] = match;
    const scope = { region: region, accountId: accountId };
    if (kind === 'domain' && repository === undefined)
        return { kind: 'domain', scope, domain: domain };
    if (kind === 'repository' && repository !== undefined)
        return { kind: 'repository', scope, domain: domain, repository };
    return undefined;
}
//# sourceMappingURL=arns.js.map