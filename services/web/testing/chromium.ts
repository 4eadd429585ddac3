// Debian's chromium package, driven by playwright-core (which downloads no
// browser of its own). .ci/run installs it; on a laptop without it the
// browser tests skip with a line saying how to install it, and under CI
// (WICK_CI=1) they fail instead.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ciRequiresServices } from '../../../common/testing/infra.js';

const CANDIDATES = [process.env.WICK_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}

/** A skip reason when Chromium is missing outside CI; throws when it is missing under CI. */
export function missingChromium(): string | undefined {
  if (chromiumPath() !== undefined) return undefined;
  const reason = 'Chromium is not installed (apt-get install -y chromium, or set WICK_CHROMIUM to its path)';
  if (ciRequiresServices()) throw new Error(`the browser tests require Chromium under CI: ${reason}`);
  console.warn(`skipping browser tests: ${reason}`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('Chromium is not installed');
  // No sandbox: CI runs as root, where Chromium refuses to start with one.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
