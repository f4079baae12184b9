// CodeArtifact's control plane through the real @aws-sdk/client-codeartifact: every operation round-trips,
// lists page without gaps or repeats, and errors come back as the SDK's typed exceptions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AccessDeniedException,
  ConflictException,
  CreateDomainCommand,
  CreateRepositoryCommand,
  DeleteDomainCommand,
  DeleteRepositoryCommand,
  DescribeDomainCommand,
  DescribeRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateRepositoryCommand,
  ValidationException,
  paginateListDomains,
  paginateListRepositories,
  paginateListRepositoriesInDomain,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
let client: CodeartifactClient;
let account: string;

before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  account = server.credentials.accountId;
});
after(async () => {
  client.destroy();
  await server.stop();
});

describe('domains', () => {
  it('creates, describes and deletes a domain with AWS ARNs and fields', async () => {
    const created = await client.send(
      new CreateDomainCommand({ domain: 'alpha', tags: [{ key: 'team', value: 'core' }] }),
    );
    assert.equal(created.domain?.name, 'alpha');
    assert.equal(created.domain?.owner, account);
    assert.equal(created.domain?.arn, `arn:aws:codeartifact:us-east-1:${account}:domain/alpha`);
    assert.equal(created.domain?.status, 'Active');
    assert.ok(created.domain?.createdTime instanceof Date);
    assert.ok(Math.abs(created.domain!.createdTime!.getTime() - Date.now()) < 60_000, 'createdTime is now');
    assert.equal(created.domain?.repositoryCount, 0);
    assert.match(created.domain?.encryptionKey ?? '', /^arn:aws:kms:us-east-1:\d{12}:/);

    const described = await client.send(new DescribeDomainCommand({ domain: 'alpha', domainOwner: account }));
    assert.deepEqual(described.domain?.arn, created.domain?.arn);
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: created.domain!.arn }));
    assert.deepEqual(tags.tags, [{ key: 'team', value: 'core' }]);

    const deleted = await client.send(new DeleteDomainCommand({ domain: 'alpha' }));
    assert.equal(deleted.domain?.status, 'Deleted');
    await assert.rejects(client.send(new DescribeDomainCommand({ domain: 'alpha' })), ResourceNotFoundException);
  });

  it('refuses a duplicate domain with ConflictException', async () => {
    await client.send(new CreateDomainCommand({ domain: 'dup' }));
    await assert.rejects(client.send(new CreateDomainCommand({ domain: 'dup' })), (error: unknown) => {
      assert.ok(error instanceof ConflictException);
      assert.equal(error.$metadata.httpStatusCode, 409);
      assert.equal(error.resourceType, 'domain');
      assert.equal(error.resourceId, 'dup');
      return true;
    });
  });

  it("answers AccessDeniedException for another account's domainOwner", async () => {
    await assert.rejects(
      client.send(new DescribeDomainCommand({ domain: 'dup', domainOwner: '999999999999' })),
      (error: unknown) => {
        assert.ok(error instanceof AccessDeniedException);
        assert.equal(error.$metadata.httpStatusCode, 403);
        assert.match(error.message, /999999999999/);
        return true;
      },
    );
  });

  it('will not delete a domain that still has repositories', async () => {
    await client.send(new CreateDomainCommand({ domain: 'busy' }));
    await client.send(new CreateRepositoryCommand({ domain: 'busy', repository: 'r1' }));
    await assert.rejects(client.send(new DeleteDomainCommand({ domain: 'busy' })), ConflictException);
    const still = await client.send(new DescribeDomainCommand({ domain: 'busy' }));
    assert.equal(still.domain?.repositoryCount, 1);
  });

  it('pages through 120 domains, each exactly once, in pages of 7', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
    await Promise.all(names.map((domain) => client.send(new CreateDomainCommand({ domain }))));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListDomains({ client, pageSize: 7 }, {})) {
      pages++;
      assert.ok((page.domains?.length ?? 0) <= 7);
      seen.push(...(page.domains ?? []).map((d) => d.name!));
    }
    const listed = seen.filter((name) => name.startsWith('page-'));
    assert.deepEqual(listed, names, 'every domain once, in name order');
    assert.equal(new Set(seen).size, seen.length, 'no repeats');
    assert.ok(pages >= 18);
  });
});

describe('repositories', () => {
  before(async () => {
    await client.send(new CreateDomainCommand({ domain: 'repos' }));
  });

  it('creates, describes, updates (description, upstreams) and deletes a repository', async () => {
    const base = await client.send(
      new CreateRepositoryCommand({ domain: 'repos', repository: 'base', description: 'first' }),
    );
    assert.equal(base.repository?.arn, `arn:aws:codeartifact:us-east-1:${account}:repository/repos/base`);
    assert.equal(base.repository?.domainOwner, account);
    assert.equal(base.repository?.administratorAccount, account);
    assert.equal(base.repository?.description, 'first');
    assert.deepEqual(base.repository?.upstreams, []);

    await client.send(new CreateRepositoryCommand({ domain: 'repos', repository: 'mirror' }));
    const app = await client.send(
      new CreateRepositoryCommand({
        domain: 'repos',
        repository: 'app',
        upstreams: [{ repositoryName: 'base' }, { repositoryName: 'mirror' }],
      }),
    );
    assert.deepEqual(app.repository?.upstreams, [{ repositoryName: 'base' }, { repositoryName: 'mirror' }]);

    const updated = await client.send(
      new UpdateRepositoryCommand({
        domain: 'repos',
        repository: 'app',
        description: 'the app',
        upstreams: [{ repositoryName: 'mirror' }],
      }),
    );
    assert.equal(updated.repository?.description, 'the app');
    assert.deepEqual(updated.repository?.upstreams, [{ repositoryName: 'mirror' }]);
    const described = await client.send(new DescribeRepositoryCommand({ domain: 'repos', repository: 'app' }));
    assert.deepEqual(described.repository?.upstreams, [{ repositoryName: 'mirror' }]);
    assert.equal(described.repository?.description, 'the app');

    // mirror is app's upstream: it cannot go while app points at it.
    await assert.rejects(
      client.send(new DeleteRepositoryCommand({ domain: 'repos', repository: 'mirror' })),
      ConflictException,
    );
    const deleted = await client.send(new DeleteRepositoryCommand({ domain: 'repos', repository: 'app' }));
    assert.equal(deleted.repository?.name, 'app');
    await assert.rejects(
      client.send(new DescribeRepositoryCommand({ domain: 'repos', repository: 'app' })),
      ResourceNotFoundException,
    );
    await client.send(new DeleteRepositoryCommand({ domain: 'repos', repository: 'mirror' }));
  });

  it('rejects duplicates, unknown upstreams, self-upstreams, cycles and more than 10 upstreams', async () => {
    await client.send(new CreateRepositoryCommand({ domain: 'repos', repository: 'one' }));
    await assert.rejects(
      client.send(new CreateRepositoryCommand({ domain: 'repos', repository: 'one' })),
      ConflictException,
    );
    await assert.rejects(
      client.send(
        new CreateRepositoryCommand({
          domain: 'repos',
          repository: 'two',
          upstreams: [{ repositoryName: 'ghost' }],
        }),
      ),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(
        new UpdateRepositoryCommand({
          domain: 'repos',
          repository: 'one',
          upstreams: [{ repositoryName: 'one' }],
        }),
      ),
      ValidationException,
    );
    await client.send(
      new CreateRepositoryCommand({ domain: 'repos', repository: 'two', upstreams: [{ repositoryName: 'one' }] }),
    );
    await assert.rejects(
      client.send(
        new UpdateRepositoryCommand({
          domain: 'repos',
          repository: 'one',
          upstreams: [{ repositoryName: 'two' }],
        }),
      ),
      (error: unknown) => error instanceof ValidationException && /cycle/.test(error.message),
    );
    const many = Array.from({ length: 11 }, (_, i) => `u${i}`);
    for (const name of many) await client.send(new CreateRepositoryCommand({ domain: 'repos', repository: name }));
    await assert.rejects(
      client.send(
        new CreateRepositoryCommand({
          domain: 'repos',
          repository: 'wide',
          upstreams: many.map((repositoryName) => ({ repositoryName })),
        }),
      ),
      ServiceQuotaExceededException,
    );
    await assert.rejects(
      client.send(new DescribeRepositoryCommand({ domain: 'repos', repository: 'wide' })),
      ResourceNotFoundException,
    );
  });

  it('a repository in a missing domain is ResourceNotFound naming the domain', async () => {
    await assert.rejects(
      client.send(new CreateRepositoryCommand({ domain: 'no-such-domain', repository: 'x1' })),
      (error: unknown) => {
        assert.ok(error instanceof ResourceNotFoundException);
        assert.equal(error.resourceType, 'domain');
        return true;
      },
    );
  });

  it('lists repositories in a domain and across domains, paged, filtered by prefix, without gaps or repeats', async () => {
    await client.send(new CreateDomainCommand({ domain: 'many' }));
    await client.send(new CreateDomainCommand({ domain: 'many2' }));
    const names = Array.from({ length: 45 }, (_, i) => `lib-${String(i).padStart(2, '0')}`);
    await Promise.all(
      names.map((repository) => client.send(new CreateRepositoryCommand({ domain: 'many', repository }))),
    );
    await Promise.all(
      names.slice(0, 10).map((repository) => client.send(new CreateRepositoryCommand({ domain: 'many2', repository }))),
    );
    await client.send(new CreateRepositoryCommand({ domain: 'many', repository: 'other' }));

    const inDomain: string[] = [];
    for await (const page of paginateListRepositoriesInDomain(
      { client, pageSize: 4 },
      { domain: 'many', repositoryPrefix: 'lib-' },
    )) {
      inDomain.push(...page.repositories!.map((r) => r.name!));
    }
    assert.deepEqual(inDomain, names);

    const everywhere: string[] = [];
    for await (const page of paginateListRepositories({ client, pageSize: 6 }, { repositoryPrefix: 'lib-' })) {
      everywhere.push(...page.repositories!.map((r) => `${r.domainName}/${r.name}`));
    }
    assert.deepEqual(everywhere, [...names.map((n) => `many/${n}`), ...names.slice(0, 10).map((n) => `many2/${n}`)]);
  });

  it('tags and untags repositories; unknown resources are ResourceNotFound, too many tags a quota error', async () => {
    const repo = await client.send(new CreateRepositoryCommand({ domain: 'repos', repository: 'tagged' }));
    const arn = repo.repository!.arn!;
    await client.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      }),
    );
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: 'changed' }] }));
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['b'] }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [
      { key: 'a', value: 'changed' },
    ]);
    await assert.rejects(
      client.send(new ListTagsForResourceCommand({ resourceArn: `${arn}-missing` })),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(
        new TagResourceCommand({
          resourceArn: arn,
          tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
        }),
      ),
      ServiceQuotaExceededException,
    );
    await assert.rejects(
      client.send(
        new ListTagsForResourceCommand({
          resourceArn: arn.replace(account, '999999999999'),
        }),
      ),
      AccessDeniedException,
    );
  });

  it('returns the repository endpoint on Quiver itself and an authorization token with its expiry', async () => {
    const endpoint = await client.send(
      new GetRepositoryEndpointCommand({ domain: 'repos', repository: 'one', format: 'npm' }),
    );
    assert.equal(endpoint.repositoryEndpoint, `${server.endpoint}/repos-${account}/npm/one/`);
    const token = await client.send(new GetAuthorizationTokenCommand({ domain: 'repos', durationSeconds: 900 }));
    assert.ok((token.authorizationToken?.length ?? 0) > 20);
    const seconds = (token.expiration!.getTime() - Date.now()) / 1000;
    assert.ok(seconds > 880 && seconds <= 900, `expires in ${seconds}s`);
    const defaultToken = await client.send(new GetAuthorizationTokenCommand({ domain: 'repos' }));
    assert.ok(Math.abs((defaultToken.expiration!.getTime() - Date.now()) / 1000 - 43200) < 60);
    await assert.rejects(
      client.send(new GetAuthorizationTokenCommand({ domain: 'repos', durationSeconds: 600 })),
      ValidationException,
    );
    await assert.rejects(
      client.send(new GetAuthorizationTokenCommand({ domain: 'nowhere' })),
      ResourceNotFoundException,
    );
  });

  it('keeps regions apart: a domain made in us-east-1 is not in eu-west-1', async () => {
    const eu = codeartifact(server.endpoint, server.credentials, 'eu-west-1');
    try {
      await assert.rejects(eu.send(new DescribeDomainCommand({ domain: 'repos' })), ResourceNotFoundException);
      const created = await eu.send(new CreateDomainCommand({ domain: 'repos' }));
      assert.equal(created.domain?.arn, `arn:aws:codeartifact:eu-west-1:${account}:domain/repos`);
    } finally {
      eu.destroy();
    }
  });
});
