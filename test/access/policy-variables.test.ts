// Policy variables end to end: one policy (docs/policies/own-repository.json, attached with `quiver policies
// attach`) lets each user write only to the repository named after them — `${aws:username}` and
// `${aws:PrincipalAccount}` in its Resource. Alice publishes to 'alice' over the npm protocol with her own token
// and changes a status there with the SDK; the same to 'bob' is refused with AccessDeniedException / 403; Bob
// may write to 'bob'. Both read everything.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${aws:username}` in plain strings is IAM's policy-variable syntax, not a mistyped template.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  ListPackageVersionsCommand,
  UpdatePackageVersionsStatusCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { repoRoot, startQuiver, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';
import { publishNpm } from '../helpers/web.js';
import { createUser } from './cli.js';

const OWN_REPOSITORY = readFileSync(join(repoRoot, 'docs/policies/own-repository.json'), 'utf8');

let server: RunningQuiver;
let A: string;
let root: CodeartifactClient;
const clients: CodeartifactClient[] = [];

before(async () => {
  server = await startQuiver();
  A = server.credentials.accountId;
  root = codeartifact(server.endpoint, server.credentials);
  await root.send(new CreateDomainCommand({ domain: 'team' }));
  for (const repository of ['alice', 'bob']) {
    await root.send(new CreateRepositoryCommand({ domain: 'team', repository }));
  }
});
after(async () => {
  for (const client of [root, ...clients]) client.destroy();
  await server.stop();
});

async function as(name: string): Promise<{ client: CodeartifactClient; token: string }> {
  const credentials: TestCredentials = await createUser(server.dataDir, A, name, { 'own-repository': OWN_REPOSITORY });
  const client = codeartifact(server.endpoint, credentials);
  clients.push(client);
  const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'team' }))).authorizationToken!;
  return { client, token };
}

const registry = (repository: string) => `${server.endpoint}/team-${A}/npm/${repository}/`;
const versions = async (client: CodeartifactClient, repository: string, name: string) =>
  (
    await client.send(new ListPackageVersionsCommand({ domain: 'team', repository, format: 'npm', package: name }))
  ).versions!.map((v) => `${v.version} ${v.status}`);
const unlist = (client: CodeartifactClient, repository: string, name: string) =>
  client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'team',
      repository,
      format: 'npm',
      package: name,
      versions: ['1.0.0'],
      targetStatus: 'Unlisted',
    }),
  );

describe('${aws:username} in a policy: each user writes only to their own repository', () => {
  it('alice publishes and changes statuses in "alice", is refused in "bob"; bob writes to "bob"; both read all', async () => {
    const alice = await as('alice');
    const bob = await as('bob');

    await publishNpm(registry('alice'), alice.token, 'alice-tool', '1.0.0');
    await unlist(alice.client, 'alice', 'alice-tool');
    assert.deepEqual(await versions(root, 'alice', 'alice-tool'), ['1.0.0 Unlisted']);

    await assert.rejects(publishNpm(registry('bob'), alice.token, 'intruder', '1.0.0'), (error: Error) => {
      assert.match(error.message, /403/);
      assert.match(
        error.message,
        new RegExp(
          `User: arn:aws:iam::${A}:user/alice is not authorized to perform: codeartifact:PublishPackageVersion on resource: arn:aws:codeartifact:us-east-1:${A}:package/team/bob/npm//intruder`,
        ),
      );
      return true;
    });

    await publishNpm(registry('bob'), bob.token, 'bob-tool', '1.0.0');
    await assert.rejects(unlist(alice.client, 'bob', 'bob-tool'), (error: Error) => {
      assert.equal(error.name, 'AccessDeniedException');
      assert.match(
        error.message,
        /codeartifact:UpdatePackageVersionsStatus on resource: .*package\/team\/bob\/npm\/\/bob-tool/,
      );
      return true;
    });
    assert.deepEqual(await versions(root, 'bob', 'bob-tool'), ['1.0.0 Published'], 'bob’s version is untouched');

    // Reads are not limited: each lists the other's repository.
    assert.deepEqual(await versions(alice.client, 'bob', 'bob-tool'), ['1.0.0 Published']);
    assert.deepEqual(await versions(bob.client, 'alice', 'alice-tool'), ['1.0.0 Unlisted']);
  });
});
