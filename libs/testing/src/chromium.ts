import { type Browser, chromium } from 'playwright-core';
import { testEnv } from './env';

/**
 * Debian's Chromium driven by playwright-core (no browser download). The flags keep it off the
 * network: without them it tries Google's hosts at every start, which this machine refuses.
 * Playwright gives each launch a new, empty profile folder of its own.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: testEnv.chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
