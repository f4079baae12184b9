// The web catalog evaluates identity policies as the AWS API does, in a real browser (Chromium through
// playwright-core) against a real server: a read-only user signs in and browses, is offered no status change
// and is refused one it forges (403 page, nothing changed, the denial in `quiver audit`); a user who may change
// statuses but not dispose is offered only that, and the change is audited under the user's ARN; a user with no
// policy sees an AccessDenied page; search shows only repositories the user may list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  DescribePackageVersionCommand,
  GetAuthorizationTokenCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import type { Browser, Page } from 'playwright-core';
import { createUser, quiverOk } from '../access/cli.js';
import { launchChromium } from '../helpers/chromium.js';
import { codeartifact } from '../helpers/clients.js';
import { repoRoot, startQuiver, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';
import { publishNpm } from '../helpers/web.js';

const READ_ONLY = readFileSync(join(repoRoot, 'docs/policies/read-only.json'), 'utf8');

let server: RunningQuiver;
let client: CodeartifactClient;
let browser: Browser;
let A: string;
let reader: TestCredentials;
let curator: TestCredentials;
let nobody: TestCredentials;

before(async () => {
  server = await startQuiver();
  A = server.credentials.accountId;
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'acme' }));
  await client.send(new CreateRepositoryCommand({ domain: 'acme', repository: 'apps' }));
  await client.send(new CreateRepositoryCommand({ domain: 'acme', repository: 'secret' }));
  const token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'acme' }))).authorizationToken!;
  for (const repository of ['apps', 'secret']) {
    const registry = `${server.endpoint}/acme-${A}/npm/${repository}/`;
    await publishNpm(registry, token, `shared-${repository}`, '1.0.0');
    await publishNpm(registry, token, `shared-${repository}`, '1.1.0');
  }
  // The read-only policy of the README, but the repository 'secret' is off limits.
  const hideSecret = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Action: 'codeartifact:*', Resource: `arn:aws:codeartifact:*:${A}:repository/acme/secret` },
      { Effect: 'Deny', Action: 'codeartifact:*', Resource: `arn:aws:codeartifact:*:${A}:package/acme/secret/*` },
    ],
  });
  reader = await createUser(server.dataDir, A, 'reader', { 'read-only': READ_ONLY, 'hide-secret': hideSecret });
  curator = await createUser(server.dataDir, A, 'curator', {
    'read-only': READ_ONLY,
    curate: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'codeartifact:UpdatePackageVersionsStatus', Resource: '*' }],
    }),
  });
  nobody = await createUser(server.dataDir, A, 'nobody');
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  client.destroy();
  await server.stop();
});

async function signIn(page: Page, credentials: TestCredentials): Promise<void> {
  await page.goto(`${server.endpoint}/ui/`);
  await page.getByLabel('Access key ID').fill(credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(credentials.secretAccessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const statusOf = async (repository: string, name: string, version: string) =>
  (
    await client.send(
      new DescribePackageVersionCommand({
        domain: 'acme',
        repository,
        format: 'npm',
        package: name,
        packageVersion: version,
      }),
    )
  ).packageVersion!.status;

const audit = async (...filters: string[]) =>
  (await quiverOk(server.dataDir, ['audit', ...filters]))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { principal: string; action: string; resource: string; outcome: string });

describe('web catalog under identity policies', () => {
  it('a read-only user signs in and browses, is offered no status change, and a forged one is refused and audited', async () => {
    const page = await browser.newPage();
    await signIn(page, reader);
    await page.getByRole('heading', { name: 'Domains' }).waitFor();
    assert.match((await page.locator('form.who').textContent()) ?? '', /reader/);
    await page.getByRole('link', { name: 'acme' }).click();
    await page.getByRole('link', { name: 'apps' }).click();
    await page.getByRole('link', { name: 'shared-apps' }).click();
    await page.getByRole('heading', { name: 'shared-apps', level: 1 }).waitFor();
    assert.match((await page.locator('#version-heading').textContent()) ?? '', /1\.1\.0/);

    // Not offered: no version checkboxes, no status buttons, and the page says why.
    assert.equal(await page.getByRole('button', { name: /Publish…|Unlist…|Archive…|Dispose…/ }).count(), 0);
    assert.equal(await page.locator('input[name="versions"]').count(), 0);
    assert.match((await page.locator('main').textContent()) ?? '', /do not allow changing these versions' statuses/);

    // Forged anyway, with the session's own CSRF token: 403, AWS's message, nothing changed.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const forged = await page.request.post(`${server.endpoint}/ui/domains/acme/apps/npm/shared-apps/status`, {
      form: { _csrf: csrf, target: 'Archived', versions: '1.0.0', confirm: 'yes' },
      maxRedirects: 0,
    });
    assert.equal(forged.status(), 403);
    const text = await forged.text();
    assert.match(text, /<h1>Access denied<\/h1>/);
    assert.match(
      text,
      new RegExp(
        `User: arn:aws:iam::${A}:user/reader is not authorized to perform: codeartifact:UpdatePackageVersionsStatus on resource: arn:aws:codeartifact:us-east-1:${A}:package/acme/apps/npm//shared-apps`,
      ),
    );
    assert.equal(await statusOf('apps', 'shared-apps', '1.0.0'), 'Published');
    const denied = await audit('--principal', `arn:aws:iam::${A}:user/reader`, '--outcome', 'denied');
    assert.deepEqual(
      denied.map((line) => line.action),
      ['codeartifact:UpdatePackageVersionsStatus'],
    );

    // Its denied repository is an AccessDenied page, and search leaves that repository's packages out.
    const secret = await page.goto(`${server.endpoint}/ui/domains/acme/secret`);
    assert.equal(secret?.status(), 403);
    assert.match((await page.getByRole('alert').textContent()) ?? '', /explicit deny in an identity-based policy/);
    await page.goto(`${server.endpoint}/ui/search?q=shared`);
    const results = (await page.locator('main table').textContent()) ?? '';
    assert.match(results, /shared-apps/);
    assert.doesNotMatch(results, /shared-secret/);
    await page.close();
  });

  it('a user who may change statuses but not dispose is offered only that; the change is audited as the user', async () => {
    const page = await browser.newPage();
    await signIn(page, curator);
    await page.getByRole('heading', { name: 'Domains' }).waitFor();
    await page.goto(`${server.endpoint}/ui/domains/acme/secret/npm/shared-secret`);
    assert.equal(await page.getByRole('button', { name: 'Dispose…' }).count(), 0);
    await page.getByLabel('Select 1.0.0').check();
    await page.getByRole('button', { name: 'Unlist…' }).click();
    await page.getByRole('button', { name: 'Unlist it' }).click();
    assert.match((await page.getByRole('status').textContent()) ?? '', /Unlisted version 1\.0\.0/);
    assert.equal(await statusOf('secret', 'shared-secret', '1.0.0'), 'Unlisted');
    const allowed = await audit('--principal', `arn:aws:iam::${A}:user/curator`, '--outcome', 'allowed');
    assert.deepEqual(
      allowed.map((line) => [line.action, line.resource]),
      [
        [
          'codeartifact:UpdatePackageVersionsStatus',
          `arn:aws:codeartifact:us-east-1:${A}:package/acme/secret/npm//shared-secret`,
        ],
      ],
    );
    await page.close();
  });

  it('a user without any policy signs in to an AccessDenied page', async () => {
    const page = await browser.newPage();
    const landed = page.waitForResponse((r) => r.url().endsWith('/ui/domains'));
    await signIn(page, nobody);
    assert.equal((await landed).status(), 403);
    await page.getByRole('heading', { name: 'Access denied' }).waitFor();
    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      new RegExp(
        `User: arn:aws:iam::${A}:user/nobody is not authorized to perform: codeartifact:ListDomains on resource: \\* because no identity-based policy allows the codeartifact:ListDomains action`,
      ),
    );
    // Still signed in as that user, who can sign out.
    assert.match((await page.locator('form.who').textContent()) ?? '', /nobody/);
    const iot = await page.goto(`${server.endpoint}/ui/iot`);
    assert.equal(iot?.status(), 403);
    await page.close();
  });
});
