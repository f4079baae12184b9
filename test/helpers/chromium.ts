// Debian's Chromium through playwright-core, for the web catalog's tests and screenshots. Importing this ends
// the test file with one line naming Chromium when it is not installed (test/helpers/prerequisites.ts).
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM, requirePrerequisites } from './prerequisites.js';

await requirePrerequisites('Chromium');

/** Chromium, headless; playwright gives every launch a fresh temporary profile (it refuses --user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
