// Package groups through @aws-sdk/client-codeartifact, the aws CLI and the real npm CLI: the ten operations,
// their validation and error paths, and the origin controls holding for every way a version enters a repository
// (PublishPackageVersion, npm publish, ingest from an external connection — a second Quiver plays npmjs).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  AccessDeniedException,
  AssociateExternalConnectionCommand,
  ConflictException,
  CreateDomainCommand,
  CreatePackageGroupCommand,
  CreateRepositoryCommand,
  DeletePackageGroupCommand,
  DeleteRepositoryCommand,
  DescribePackageGroupCommand,
  GetAssociatedPackageGroupCommand,
  GetAuthorizationTokenCommand,
  ListAllowedRepositoriesForGroupCommand,
  ListAssociatedPackagesCommand,
  ListPackageGroupsCommand,
  ListPackageVersionsCommand,
  ListSubPackageGroupsCommand,
  ListTagsForResourceCommand,
  PublishPackageVersionCommand,
  ResourceNotFoundException,
  UpdatePackageGroupCommand,
  UpdatePackageGroupOriginConfigurationCommand,
  ValidationException,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { npmWorld, type NpmWorld } from '../helpers/npm.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

const run = promisify(execFile);
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

let publicRegistry: RunningQuiver;
let server: RunningQuiver;
let client: CodeartifactClient;
let world: NpmWorld;
const domain = 'corp';

before(async () => {
  publicRegistry = await startQuiver();
  const pub = codeartifact(publicRegistry.endpoint, publicRegistry.credentials);
  await pub.send(new CreateDomainCommand({ domain: 'pub' }));
  await pub.send(new CreateRepositoryCommand({ domain: 'pub', repository: 'registry' }));
  const publisher = npmWorld(publicRegistry.endpoint, publicRegistry.credentials);
  await publisher.login('pub', 'registry');
  await publisher.npm(publisher.packageDir('ext-lib', '1.0.0'), 'publish');
  const token = (await pub.send(new GetAuthorizationTokenCommand({ domain: 'pub' }))).authorizationToken!;
  pub.destroy();
  rmSync(publisher.home, { recursive: true, force: true, maxRetries: 5 });

  server = await startQuiver({
    QUIVER_NPMJS_URL: `${publicRegistry.endpoint}/pub-${publicRegistry.credentials.accountId}/npm/registry/`,
    QUIVER_NPMJS_TOKEN: token,
  });
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain }));
  for (const repository of ['repo-a', 'repo-b', 'npm-public'])
    await client.send(new CreateRepositoryCommand({ domain, repository }));
  await client.send(
    new AssociateExternalConnectionCommand({ domain, repository: 'npm-public', externalConnection: 'public:npmjs' }),
  );
  await client.send(
    new CreateRepositoryCommand({ domain, repository: 'app', upstreams: [{ repositoryName: 'npm-public' }] }),
  );
  world = npmWorld(server.endpoint, server.credentials);
  await world.login(domain, 'app');
});

after(async () => {
  client.destroy();
  await server.stop();
  await publicRegistry.stop();
  rmSync(world.home, { recursive: true, force: true, maxRetries: 5 });
});

const create = (packageGroup: string, extra: { contactInfo?: string; description?: string } = {}) =>
  client.send(new CreatePackageGroupCommand({ domain, packageGroup, ...extra }));
const describeGroup = async (packageGroup: string) =>
  (await client.send(new DescribePackageGroupCommand({ domain, packageGroup }))).packageGroup!;
const setOrigin = (packageGroup: string, restrictions: Record<string, string>, add: string[] = [], type = 'PUBLISH') =>
  client.send(
    new UpdatePackageGroupOriginConfigurationCommand({
      domain,
      packageGroup,
      restrictions: restrictions as never,
      addAllowedRepositories: add.map((repositoryName) => ({ repositoryName, originRestrictionType: type as never })),
    }),
  );
const associated = (format: string, namespace: string | undefined, pkg: string) =>
  client.send(new GetAssociatedPackageGroupCommand({ domain, format: format as never, namespace, package: pkg }));
const publishGeneric = (repository: string, namespace: string, pkg: string, version = '1.0.0') =>
  client.send(
    new PublishPackageVersionCommand({
      domain,
      repository,
      format: 'generic',
      namespace,
      package: pkg,
      packageVersion: version,
      assetName: 'a.txt',
      assetContent: Buffer.from(`${pkg}-${version}`),
      assetSHA256: sha256(`${pkg}-${version}`),
    }),
  );

describe('package groups: the tree', () => {
  it('creates groups with contact info, description and tags; a duplicate is a ConflictException', async () => {
    const made = (
      await client.send(
        new CreatePackageGroupCommand({
          domain,
          packageGroup: '/npm/*',
          contactInfo: 'npm-admins@example.com',
          description: 'every npm package',
          tags: [{ key: 'team', value: 'platform' }],
        }),
      )
    ).packageGroup!;
    assert.equal(made.pattern, '/npm/*');
    assert.equal(
      made.arn,
      `arn:aws:codeartifact:us-east-1:${server.credentials.accountId}:package-group/corp/${encodeURIComponent('/npm/*')}`,
    );
    assert.equal(made.contactInfo, 'npm-admins@example.com');
    assert.equal(made.parent?.pattern, '/*');
    assert.deepEqual(made.originConfiguration?.restrictions?.PUBLISH, {
      mode: 'INHERIT',
      effectiveMode: 'ALLOW',
      inheritedFrom: { pattern: '/*', arn: made.parent?.arn },
      repositoriesCount: 0,
    });
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: made.arn! }));
    assert.deepEqual(tags.tags, [{ key: 'team', value: 'platform' }]);
    await create('/npm/acme/*');
    await create('/npm/acme/foo$');
    await assert.rejects(create('/npm/acme/*'), ConflictException);
    assert.equal((await describeGroup('/npm/acme/foo$')).parent?.pattern, '/npm/acme/*');
    assert.equal((await describeGroup('/npm/acme/*')).parent?.pattern, '/npm/*');
  });

  it('rejects patterns outside the grammar with a ValidationException naming packageGroup', async () => {
    for (const bad of [
      'npm/*',
      '/npm',
      '/npm/acme',
      '/python/*',
      '/pypi/ns/requests$',
      '/maven//core$',
      '/npm/*/x$',
      '/npm/a/b/c$',
      '/pypi//Foo_Bar$',
      '/npm/~',
    ]) {
      await assert.rejects(create(bad), (error: Error) => {
        assert.ok(error instanceof ValidationException, `${bad}: ${error.name}`);
        assert.match(error.message, /packageGroup/, bad);
        return true;
      });
    }
    await assert.rejects(create('/npm/* x'), ValidationException, 'the model pattern refuses whitespace');
  });

  it("lists the groups with the root, by prefix and by page; lists a group's direct children", async () => {
    const all = await client.send(new ListPackageGroupsCommand({ domain }));
    assert.deepEqual(
      all.packageGroups?.map((g) => g.pattern),
      ['/*', '/npm/*', '/npm/acme/*', '/npm/acme/foo$'],
    );
    const first = await client.send(new ListPackageGroupsCommand({ domain, maxResults: 2 }));
    assert.equal(first.packageGroups?.length, 2);
    const rest = await client.send(new ListPackageGroupsCommand({ domain, maxResults: 2, nextToken: first.nextToken }));
    assert.deepEqual(
      rest.packageGroups?.map((g) => g.pattern),
      ['/npm/acme/*', '/npm/acme/foo$'],
    );
    assert.equal(rest.nextToken, undefined);
    const prefixed = await client.send(new ListPackageGroupsCommand({ domain, prefix: '/npm/acme' }));
    assert.equal(prefixed.packageGroups?.length, 2);
    const children = await client.send(new ListSubPackageGroupsCommand({ domain, packageGroup: '/npm/*' }));
    assert.deepEqual(
      children.packageGroups?.map((g) => g.pattern),
      ['/npm/acme/*'],
    );
    const rootChildren = await client.send(new ListSubPackageGroupsCommand({ domain, packageGroup: '/*' }));
    assert.deepEqual(
      rootChildren.packageGroups?.map((g) => g.pattern),
      ['/npm/*'],
    );
    await assert.rejects(
      client.send(new ListSubPackageGroupsCommand({ domain, packageGroup: '/npm/nope/*' })),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(new ListPackageGroupsCommand({ domain: 'no-such-domain' })),
      ResourceNotFoundException,
    );
  });

  it('updates contact info and description, keeping what is not given', async () => {
    const updated = (
      await client.send(
        new UpdatePackageGroupCommand({ domain, packageGroup: '/npm/*', description: 'npm, all of it' }),
      )
    ).packageGroup!;
    assert.equal(updated.description, 'npm, all of it');
    assert.equal(updated.contactInfo, 'npm-admins@example.com');
    await assert.rejects(
      client.send(new UpdatePackageGroupCommand({ domain, packageGroup: '/cargo/*', description: 'x' })),
      ResourceNotFoundException,
    );
  });

  it('GetAssociatedPackageGroup picks the most specific group, STRONG or WEAK for prefixes; the package need not exist', async () => {
    const group = async (format: string, ns: string | undefined, name: string) =>
      (await associated(format, ns, name)).packageGroup?.pattern;
    assert.equal(await group('npm', 'acme', 'foo'), '/npm/acme/foo$');
    assert.equal(await group('npm', 'acme', 'bar'), '/npm/acme/*');
    assert.equal(await group('npm', undefined, 'lodash'), '/npm/*');
    assert.equal(await group('pypi', undefined, 'requests'), '/*');
    await create('/npm/acme/ui~');
    const strong = await associated('npm', 'acme', 'ui-kit');
    assert.equal(strong.packageGroup?.pattern, '/npm/acme/ui~');
    assert.equal(strong.associationType, 'STRONG');
    assert.equal((await associated('npm', 'acme', 'uikit')).associationType, 'WEAK');
    await create('/pypi//django~');
    assert.equal(await group('pypi', undefined, 'Django_Rest'), '/pypi//django~', 'names are normalised (PEP 503)');
    await assert.rejects(associated('pypi', 'ns', 'requests'), ValidationException);
  });

  it('the aws CLI creates a group, sets its origin configuration and reads the associated group (the README commands)', async () => {
    const aws = async (...args: string[]) =>
      JSON.parse(
        (
          await run('aws', ['codeartifact', ...args, '--endpoint-url', server.endpoint, '--output', 'json'], {
            env: world.env,
          })
        ).stdout,
      );
    const made = await aws(
      'create-package-group',
      '--domain',
      domain,
      '--package-group',
      '/npm/cli/*',
      '--contact-info',
      'team@example.com',
    );
    assert.equal(made.packageGroup.contactInfo, 'team@example.com');
    const updated = await aws(
      'update-package-group-origin-configuration',
      '--domain',
      domain,
      '--package-group',
      '/npm/cli/*',
      '--restrictions',
      '{"PUBLISH":"BLOCK"}',
    );
    assert.equal(updated.packageGroup.originConfiguration.restrictions.PUBLISH.mode, 'BLOCK');
    const answer = await aws(
      'get-associated-package-group',
      '--domain',
      domain,
      '--format',
      'npm',
      '--namespace',
      'cli',
      '--package',
      'ui',
    );
    assert.equal(answer.packageGroup.pattern, '/npm/cli/*');
    assert.equal(answer.associationType, 'STRONG');
    assert.equal(answer.packageGroup.originConfiguration.restrictions.PUBLISH.effectiveMode, 'BLOCK');
    await assert.rejects(
      run(
        'aws',
        [
          'codeartifact',
          'create-package-group',
          '--domain',
          domain,
          '--package-group',
          '/npm/cli',
          '--endpoint-url',
          server.endpoint,
        ],
        { env: world.env },
      ),
      (error: Error & { stderr?: string }) => {
        assert.match(error.stderr ?? '', /ValidationException.*packageGroup/s);
        return true;
      },
    );
  });
});

describe('package groups: origin controls', () => {
  it('INHERIT follows the parent: BLOCK on /npm/acme/* shows as the effective mode of /npm/acme/foo$', async () => {
    const result = await setOrigin('/npm/acme/*', { PUBLISH: 'BLOCK' });
    assert.equal(result.packageGroup?.originConfiguration?.restrictions?.PUBLISH?.mode, 'BLOCK');
    const child = (await describeGroup('/npm/acme/foo$')).originConfiguration!.restrictions!;
    assert.equal(child.PUBLISH?.mode, 'INHERIT');
    assert.equal(child.PUBLISH?.effectiveMode, 'BLOCK');
    assert.equal(child.PUBLISH?.inheritedFrom?.pattern, '/npm/acme/*');
    assert.equal(child.EXTERNAL_UPSTREAM?.effectiveMode, 'ALLOW');
    assert.equal(child.EXTERNAL_UPSTREAM?.inheritedFrom?.pattern, '/*');
  });

  it('a PUBLISH BLOCK on /npm/acme/* refuses npm publish of @acme/x; @other/x publishes', async () => {
    await assert.rejects(
      world.npm(world.packageDir('@acme/x', '1.0.0'), 'publish'),
      (error: Error & { stderr?: string }) => {
        assert.match(
          `${error.message}${error.stderr ?? ''}`,
          /403|blocked by the origin configuration of package group \/npm\/acme\/\*/,
        );
        return true;
      },
    );
    const none = await client
      .send(
        new ListPackageVersionsCommand({ domain, repository: 'app', format: 'npm', namespace: 'acme', package: 'x' }),
      )
      .catch((e: Error) => e);
    assert.ok(none instanceof ResourceNotFoundException, 'nothing was stored');
    await world.npm(world.packageDir('@other/x', '1.0.0'), 'publish');
  });

  it('a PUBLISH BLOCK refuses PublishPackageVersion of a matching generic package, and ALLOW_SPECIFIC_REPOSITORIES allows only the listed ones', async () => {
    await create('/generic/secret/*');
    await setOrigin('/generic/secret/*', { PUBLISH: 'BLOCK' });
    await assert.rejects(publishGeneric('repo-a', 'secret', 'vault'), (error: Error) => {
      assert.ok(error instanceof AccessDeniedException, error.name);
      assert.match(error.message, /\/generic\/secret\/\*/);
      return true;
    });
    await publishGeneric('repo-a', 'public', 'tool');

    await create('/generic/team/*');
    const result = await setOrigin('/generic/team/*', { PUBLISH: 'ALLOW_SPECIFIC_REPOSITORIES' }, ['repo-a']);
    assert.deepEqual(result.allowedRepositoryUpdates, { PUBLISH: { ADDED: ['repo-a'] } });
    assert.equal(result.packageGroup?.originConfiguration?.restrictions?.PUBLISH?.repositoriesCount, 1);
    await publishGeneric('repo-a', 'team', 'lib');
    await assert.rejects(publishGeneric('repo-b', 'team', 'lib'), AccessDeniedException);
    // A child inherits the list of the group it inherits from.
    await create('/generic/team/lib2$');
    await publishGeneric('repo-a', 'team', 'lib2');
    await assert.rejects(publishGeneric('repo-b', 'team', 'lib2'), AccessDeniedException);

    const listed = await client.send(
      new ListAllowedRepositoriesForGroupCommand({
        domain,
        packageGroup: '/generic/team/*',
        originRestrictionType: 'PUBLISH',
      }),
    );
    assert.deepEqual(listed.allowedRepositories, ['repo-a']);
    // A deleted repository leaves the lists.
    await client.send(new CreateRepositoryCommand({ domain, repository: 'repo-c' }));
    await setOrigin('/generic/team/*', {}, ['repo-c']);
    await client.send(new DeleteRepositoryCommand({ domain, repository: 'repo-c' }));
    const afterDelete = await client.send(
      new ListAllowedRepositoriesForGroupCommand({
        domain,
        packageGroup: '/generic/team/*',
        originRestrictionType: 'PUBLISH',
      }),
    );
    assert.deepEqual(afterDelete.allowedRepositories, ['repo-a']);
    await assert.rejects(setOrigin('/generic/team/*', {}, ['no-such-repo']), ResourceNotFoundException);
    await assert.rejects(
      client.send(
        new ListAllowedRepositoriesForGroupCommand({
          domain,
          packageGroup: '/generic/team/*',
          originRestrictionType: 'NOPE' as never,
        }),
      ),
      ValidationException,
    );
    await assert.rejects(setOrigin('/*', { PUBLISH: 'INHERIT' }), ValidationException);
  });

  it("ListAssociatedPackages lists the domain's packages whose group it is; preview answers for a group not made yet", async () => {
    const listed = await client.send(new ListAssociatedPackagesCommand({ domain, packageGroup: '/generic/team/*' }));
    assert.deepEqual(
      listed.packages?.map((p) => [p.namespace, p.package, p.associationType]),
      [['team', 'lib', 'STRONG']],
      'lib2 belongs to its own, more specific group',
    );
    const preview = await client.send(
      new ListAssociatedPackagesCommand({ domain, packageGroup: '/generic/public/*', preview: true }),
    );
    assert.deepEqual(
      preview.packages?.map((p) => p.package),
      ['tool'],
    );
    await assert.rejects(
      client.send(new ListAssociatedPackagesCommand({ domain, packageGroup: '/generic/public/*' })),
      ResourceNotFoundException,
    );
  });

  it('EXTERNAL_UPSTREAM BLOCK stops ingestion from the external connection; ALLOW lets it through', async () => {
    await create('/npm//ext-lib$');
    await setOrigin('/npm//ext-lib$', { EXTERNAL_UPSTREAM: 'BLOCK' });
    const project = world.projectDir('blocked');
    await assert.rejects(world.npm(project, 'install', 'ext-lib@1.0.0'), /404|E404/);
    const none = await client
      .send(new ListPackageVersionsCommand({ domain, repository: 'npm-public', format: 'npm', package: 'ext-lib' }))
      .catch((e: Error) => e);
    assert.ok(none instanceof ResourceNotFoundException, 'nothing was ingested');
    await setOrigin('/npm//ext-lib$', { EXTERNAL_UPSTREAM: 'ALLOW' });
    await world.npm(world.projectDir('allowed'), 'install', 'ext-lib@1.0.0');
    const ingested = await client.send(
      new ListPackageVersionsCommand({ domain, repository: 'npm-public', format: 'npm', package: 'ext-lib' }),
    );
    assert.deepEqual(
      ingested.versions?.map((v) => v.version),
      ['1.0.0'],
    );
  });
});

describe('package groups: delete', () => {
  it('deleting a group hands its children to its parent; the root cannot be deleted', async () => {
    const deleted = (await client.send(new DeletePackageGroupCommand({ domain, packageGroup: '/npm/acme/*' })))
      .packageGroup!;
    assert.equal(deleted.pattern, '/npm/acme/*');
    assert.equal((await describeGroup('/npm/acme/foo$')).parent?.pattern, '/npm/*');
    assert.equal(
      (await describeGroup('/npm/acme/foo$')).originConfiguration?.restrictions?.PUBLISH?.effectiveMode,
      'ALLOW',
      'the BLOCK it inherited went with its parent',
    );
    await assert.rejects(
      client.send(new DeletePackageGroupCommand({ domain, packageGroup: '/npm/acme/*' })),
      ResourceNotFoundException,
    );
    await assert.rejects(
      client.send(new DeletePackageGroupCommand({ domain, packageGroup: '/*' })),
      ValidationException,
    );
  });
});
