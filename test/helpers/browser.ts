/**
 * Headless Chromium for browser tests: Debian's `chromium` package driven by puppeteer-core
 * (which never downloads a browser). Tests skip where no browser is installed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The installed Chromium, or null. */
export function findChromium(): string | null {
  return CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/** The line a skipped browser test shows. */
export const NO_BROWSER = `no Chromium found (looked for ${CANDIDATES.join(', ')}; \`apt-get install chromium\` provides it)`;

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile. The flags keep it from calling out to the
 * network (this machine has none) and from needing a sandbox or a GPU.
 */
export async function launchChromium(executablePath: string): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'campus-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
