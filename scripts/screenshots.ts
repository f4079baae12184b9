// `npm run screenshots`: the main pages of the web catalog, as Chromium renders them, into docs/ui/. A real
// server on a temporary data directory, the demo catalog the tests use, laptop and phone widths.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startQuiver } from '../test/helpers/quiver.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { seedDemoCatalog } from '../test/helpers/web-seed.js';

const out = join(repoRoot, 'docs/ui');
mkdirSync(out, { recursive: true });

const server = await startQuiver({ QUIVER_ACCOUNT_ID: '111122223333' });
const browser = await launchChromium();
try {
  await seedDemoCatalog(server);
  const laptop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shot = async (page: Page, name: string, fullPage = true) => {
    await page.screenshot({ path: join(out, `${name}.png`), fullPage });
    console.log(`docs/ui/${name}.png`);
  };
  const ui = (path: string) => `${server.endpoint}/ui${path}`;

  await laptop.goto(ui('/'));
  await laptop.getByLabel('Access key ID').fill(server.credentials.accessKeyId);
  await shot(laptop, 'sign-in', false);
  await laptop.getByLabel('Secret access key').fill(server.credentials.secretAccessKey);
  await laptop.getByRole('button', { name: 'Sign in' }).click();
  await laptop.getByRole('heading', { name: 'Domains' }).waitFor();
  await shot(laptop, 'domains');
  await laptop.goto(ui('/domains/acme'));
  await shot(laptop, 'repositories');
  await laptop.goto(ui('/domains/acme/apps'));
  await shot(laptop, 'repository');
  await laptop.goto(ui('/domains/acme/apps/npm/left-pad-ui'));
  await shot(laptop, 'package');
  await laptop.getByLabel('Select 1.0.0').check();
  await laptop.getByRole('button', { name: 'Archive…' }).click();
  await shot(laptop, 'status-change');
  await laptop.goto(ui('/images'));
  await shot(laptop, 'images');
  await laptop.goto(ui('/images/gateway-base/1.0.0/1'));
  await shot(laptop, 'image');
  await laptop.goto(ui('/images/containing?name=openssl&version=3.0.2-0ubuntu1'));
  await shot(laptop, 'images-containing');
  await laptop.goto(ui('/iot/gateway-agent'));
  await shot(laptop, 'iot-package');
  await laptop.goto(ui('/search?q=l'));
  await shot(laptop, 'search');

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 1 });
  await phone.context().addCookies(await laptop.context().cookies());
  await phone.goto(ui('/domains/acme/apps/npm/left-pad-ui'));
  await shot(phone, 'package-phone', false);
} finally {
  await browser.close();
  await server.stop();
}
