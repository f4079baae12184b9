// The web catalog's other catalogs in Chromium: IoT packages, Panorama packages, image builds with their
// inventories, and the reverse lookup "which images contain package P (at version V)".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { launchChromium } from '../helpers/chromium.js';
import { seedDemoCatalog } from '../helpers/web-seed.js';

let server: RunningQuiver;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startQuiver();
  await seedDemoCatalog(server);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.endpoint}/ui/`);
  await page.getByLabel('Access key ID').fill(server.credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(server.credentials.secretAccessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Domains' }).waitFor();
});
after(async () => {
  await browser?.close();
  await server.stop();
});

const rows = (selector = 'main table tbody tr') =>
  page
    .locator(selector)
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));

describe('web catalog: search, devices and images', () => {
  it('the search box finds packages by name prefix in every repository, ignoring case, and leads to the package', async () => {
    const search = page.getByRole('searchbox', { name: 'Search packages' });
    await search.fill('LEFT');
    await search.press('Enter');
    await page.getByRole('heading', { name: 'Packages starting with LEFT' }).waitFor();
    assert.deepEqual(
      (await rows()).map((r) => r.join(' ')),
      ['left-pad-ui npm apps acme'],
    );
    await page.getByRole('searchbox', { name: 'Search packages' }).fill('@acme/');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    assert.deepEqual(
      (await rows()).map((r) => r[0]),
      ['@acme/strings', '@acme/widgets'],
    );
    await page.getByRole('link', { name: '@acme/strings' }).click();
    await page.getByRole('heading', { name: '@acme/strings', level: 1 }).waitFor();
    assert.match((await page.locator('.readme').textContent()) ?? '', /String helpers for acme apps/);
  });

  it('the IoT catalog lists packages and their versions with statuses and attributes', async () => {
    await page.getByRole('link', { name: 'IoT packages' }).click();
    await page.getByRole('link', { name: 'gateway-agent' }).click();
    const versions = await rows();
    assert.deepEqual(
      versions.map((r) => r[1]),
      ['PUBLISHED', 'DRAFT'],
    );
    assert.match(versions[0]![0]!, /^1\.0\.0/);
    assert.match(versions[1]![0]!, /^1\.1\.0/);
    assert.match(versions[1]![4]!, /channel=beta/);
  });

  it('Panorama packages show their registered versions', async () => {
    await page.getByRole('link', { name: 'Panorama' }).click();
    await page.getByRole('link', { name: 'camera_app' }).click();
    const [first] = await rows();
    assert.match(first![0]!, /^1\.0/);
    assert.match(first![2]!, /REGISTER_PENDING|REGISTER_COMPLETED/);
  });

  it('an image shows its inventory, and a package in it leads to every image that contains it at that version', async () => {
    await page.getByRole('link', { name: 'Images', exact: true }).click();
    assert.deepEqual(
      (await rows()).map((r) => `${r[0]} ${r[1]}`),
      ['Camera Runtime 2.0.0/1', 'Gateway Base 1.0.0/1', 'Gateway Base 1.1.0/1'],
    );
    await page.getByRole('link', { name: 'Gateway Base' }).first().click();
    assert.deepEqual(
      (await rows()).map((r) => `${r[1]} ${r[2]}`),
      ['bash 5.2.15-2', 'openssl 3.0.2-0ubuntu1', 'libc6 2.36-9', 'curl 7.88.1-10'],
    );
    await page.getByRole('link', { name: 'Images with openssl 3.0.2-0ubuntu1' }).click();
    await page.getByRole('heading', { name: 'Images containing openssl 3.0.2-0ubuntu1' }).waitFor();
    assert.deepEqual(
      (await rows()).map((r) => `${r[0]} ${r[1]}`),
      ['Camera Runtime 2.0.0/1', 'Gateway Base 1.0.0/1'],
    );
    // Without a version: every image with openssl at any version.
    await page.getByLabel('Version (optional)').fill('');
    await page.getByRole('button', { name: 'Find images' }).click();
    assert.deepEqual(
      (await rows()).map((r) => `${r[0]} ${r[2]}`),
      ['Camera Runtime 3.0.2-0ubuntu1', 'Gateway Base 3.0.2-0ubuntu1', 'Gateway Base 3.0.11-1'],
    );
  });
});
