// The web catalog in a real browser (Debian's Chromium through playwright-core) against a real server:
// sign in with an access key, browse to a package, change a version's status and see npm stop offering it,
// sign out; plus the guards a browser cannot be trusted to keep: no session → sign-in, CSRF, inert readmes.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import type { Browser, Page } from 'playwright-core';
import { createAccessKey, createAccount } from '../../src/domain/identity/identity.js';
import { codeartifact } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { launchChromium } from '../helpers/chromium.js';
import { publishNpm, signInCookie } from '../helpers/web.js';

let server: RunningQuiver;
let client: CodeartifactClient;
let browser: Browser;
let registry: string;
let token: string;

const EVIL_README = [
  '# left-pad-ui',
  '',
  'Pads strings. **Bold** and `code` render.',
  '',
  '<script>window.__pwned = "script";</script>',
  '<img src="x" onerror="window.__pwned = \'onerror\'">',
  '[click](javascript:window.__pwned=1)',
].join('\n');

before(async () => {
  server = await startQuiver();
  client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'acme' }));
  await client.send(new CreateRepositoryCommand({ domain: 'acme', repository: 'base' }));
  await client.send(
    new CreateRepositoryCommand({ domain: 'acme', repository: 'apps', upstreams: [{ repositoryName: 'base' }] }),
  );
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'acme' }))).authorizationToken!;
  registry = `${server.endpoint}/acme-${server.credentials.accountId}/npm/apps/`;
  await publishNpm(registry, token, 'left-pad-ui', '1.0.0', {
    readme: EVIL_README,
    dependencies: { 'is-string': '^2.0.0' },
  });
  await publishNpm(registry, token, 'left-pad-ui', '1.1.0', {
    readme: EVIL_README,
    dependencies: { 'is-string': '^2.1.0' },
  });
  await publishNpm(registry, token, '@acme/widgets', '0.1.0', { readme: 'Widgets.' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  client.destroy();
  await server.stop();
});

const packumentVersions = async (name: string) => {
  const response = await fetch(`${registry}${name}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return Object.keys(((await response.json()) as { versions: Record<string, unknown> }).versions).sort();
};

async function signIn(page: Page, secret = server.credentials.secretAccessKey): Promise<void> {
  await page.goto(`${server.endpoint}/ui/`);
  await page.getByLabel('Access key ID').fill(server.credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('web catalog in Chromium', () => {
  it('a page fetched without a session redirects to sign-in; /ui never reaches the AWS engine', async () => {
    const response = await fetch(`${server.endpoint}/ui/domains/acme`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/ui/sign-in?next=%2Fui%2Fdomains%2Facme');
    const cookie = await signInCookie(server.endpoint, server.credentials);
    const missing = await fetch(`${server.endpoint}/ui/no/such/page`, { headers: { cookie } });
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /text\/html/);
    assert.doesNotMatch(await missing.text(), /MissingAuthenticationToken/);
  });

  it('a wrong secret is refused with a message; the right one signs in', async () => {
    const page = await browser.newPage();
    await signIn(page, 'not-the-secret');
    assert.match((await page.getByRole('alert').textContent()) ?? '', /do not match/);
    await page.getByLabel('Secret access key').fill(server.credentials.secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Domains' }).waitFor();
    assert.match((await page.locator('form.who').textContent()) ?? '', new RegExp(server.credentials.accountId));
    const cookie = (await page.context().cookies()).find((c) => c.name === 'quiver_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    await page.close();
  });

  it('browse to a package, read its sanitised readme, archive a version and see npm stop offering it, sign out', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page);
    await page.getByRole('link', { name: 'acme' }).click();
    await page.getByRole('link', { name: 'apps' }).click();
    assert.match((await page.locator('ol.upstreams').textContent()) ?? '', /base/);
    assert.match(
      (await page.locator('figure.copy').first().textContent()) ?? '',
      new RegExp(`/acme-${server.credentials.accountId}/npm/apps/`),
    );
    await page.getByRole('link', { name: 'left-pad-ui' }).click();
    await page.getByRole('heading', { name: 'left-pad-ui', level: 1 }).waitFor();

    // The default version is npm's latest; its readme renders, and none of its script runs.
    assert.match((await page.locator('#version-heading').textContent()) ?? '', /1\.1\.0/);
    assert.equal((await page.locator('.readme strong').textContent()) ?? '', 'Bold');
    assert.equal(await page.locator('.readme script').count(), 0);
    assert.equal(await page.locator('.readme [onerror]').count(), 0);
    assert.equal(await page.locator('.readme a[href^="javascript"]').count(), 0);
    assert.equal(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), undefined);
    assert.match(
      (await page.locator('section[aria-labelledby="version-heading"] table').first().textContent()) ?? '',
      /is-string\s*\^2\.1\.0/,
    );

    // The asset link downloads with the session.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'left-pad-ui-1.1.0.tgz' }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(path, 'utf8'), 'tarball of left-pad-ui@1.1.0');

    assert.deepEqual(await packumentVersions('left-pad-ui'), ['1.0.0', '1.1.0']);
    await page.getByLabel('Select 1.0.0').check();
    await page.getByRole('button', { name: 'Archive…' }).click();
    await page.getByRole('heading', { name: /Archive version 1\.0\.0 of left-pad-ui\?/ }).waitFor();
    await page.getByRole('button', { name: 'Archive it' }).click();
    assert.match((await page.getByRole('status').textContent()) ?? '', /Archived version 1\.0\.0/);
    assert.match((await page.locator('#version-heading').textContent()) ?? '', /1\.0\.0\s*Archived/);
    assert.deepEqual(await packumentVersions('left-pad-ui'), ['1.1.0'], 'npm no longer offers the archived version');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Quiver' }).waitFor();
    await page.goto(`${server.endpoint}/ui/domains`);
    await page.getByRole('heading', { name: 'Sign in to Quiver' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a cross-site POST without the CSRF token is refused', async () => {
    // A signed-in browser visits another site (localhost is a different site from 127.0.0.1) whose page posts a
    // status change to Quiver.
    const page = await browser.newPage();
    await signIn(page);
    await page.getByRole('heading', { name: 'Domains' }).waitFor();
    const target = `${server.endpoint}/ui/domains/acme/apps/npm/left-pad-ui/status`;
    const evil: Server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(
        `<form id="f" method="post" action="${target}"><input name="versions" value="1.1.0"><input name="target" value="Archived"><input name="confirm" value="yes"></form><script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const response = page.waitForResponse((r) => r.url() === target);
    await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
    assert.equal((await response).status(), 403);
    evil.close();

    // Even with the session cookie (a same-site attacker, or an old browser), no token means no change.
    const cookie = await signInCookie(server.endpoint, server.credentials);
    const direct = await fetch(target, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'versions=1.1.0&target=Archived&confirm=yes',
      redirect: 'manual',
    });
    assert.equal(direct.status, 403);
    assert.deepEqual(await packumentVersions('left-pad-ui'), ['1.1.0'], 'nothing was archived');
    await page.close();
  });

  it('Dispose asks first, removes the assets, and a later Publish of it changes nothing and says why', async () => {
    const page = await browser.newPage();
    await signIn(page);
    await page.goto(`${server.endpoint}/ui/domains/acme/apps/npm/left-pad-ui?version=1.0.0`);
    await page.getByLabel('Select 1.0.0').check();
    await page.getByRole('button', { name: 'Dispose…' }).click();
    assert.match((await page.locator('main p.error').textContent()) ?? '', /cannot be undone/);
    await page.getByRole('button', { name: 'Dispose it' }).click();
    assert.match((await page.getByRole('status').textContent()) ?? '', /Disposed version 1\.0\.0/);
    assert.match((await page.locator('main').textContent()) ?? '', /a disposed version keeps no assets/);

    await page.getByLabel('Select 1.0.0').check();
    await page.getByRole('button', { name: 'Publish…' }).click();
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/status'));
    await page.getByRole('button', { name: 'Publish it' }).click();
    assert.equal((await refused).status(), 409);
    await page.getByRole('heading', { name: 'Nothing was changed' }).waitFor();
    assert.match((await page.locator('main table').textContent()) ?? '', /1\.0\.0\s*NOT_ALLOWED/);
    assert.deepEqual(await packumentVersions('left-pad-ui'), ['1.1.0']);
    await page.close();
  });

  it("another account's key sees only its own catalog: acme's pages are not found for it", async () => {
    const now = Date.now();
    const other = await createAccount(server.quiver.store, 'other-team', now);
    const key = await createAccessKey(server.quiver.store, other.accountId, now);
    const cookie = await signInCookie(server.endpoint, key);
    const domains = await fetch(`${server.endpoint}/ui/domains`, { headers: { cookie } });
    const html = await domains.text();
    assert.match(html, new RegExp(`account ${other.accountId}`));
    assert.doesNotMatch(html, /acme/);
    const theirs = await fetch(`${server.endpoint}/ui/domains/acme/apps/npm/left-pad-ui`, { headers: { cookie } });
    assert.equal(theirs.status, 404);
    assert.match(await theirs.text(), /Domain not found|Repository not found|not found/i);
    const search = await (await fetch(`${server.endpoint}/ui/search?q=left`, { headers: { cookie } })).text();
    assert.match(search, /No package name starts with/);
  });
});
