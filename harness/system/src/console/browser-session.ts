import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { launchTestBrowser, type TestBrowser } from '@sagaflow/testkit';
import type { Page } from 'playwright-core';
import { repoRoot, type System } from '../launcher/launcher.js';

/** Where the browser tests leave their screenshots: test artifacts, and the README's pictures. */
export const screenshotDir = join(repoRoot, '.tmp', 'artifacts', 'console');

export interface ConsoleSession {
  page: Page;
  /** The operator the session signed in as: the audit's `operator:<subject>`. */
  operator: string;
  /** Goes to a route of the console (`#/orders`…) without reloading it. */
  go(route: string): Promise<void>;
  /** A full-page PNG in screenshotDir; returns its path. */
  screenshot(name: string): Promise<string>;
  /** axe-core's serious and critical findings on the page as it is now, one line each. */
  accessibilityProblems(): Promise<string[]>;
  /** Uncaught errors the page threw so far: a test expects none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The console of a running system in a fresh headless Chromium, signed in through
 * the link `pnpm start` prints: the token travels in the URL's fragment.
 */
export async function openConsole(system: System, operator = 'console-tester'): Promise<ConsoleSession> {
  const browser: TestBrowser = await launchTestBrowser();
  try {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const token = await system.auth.operator(operator);
    const base = `${system.urls.order}/console/`;
    await page.goto(`${base}#/sign-in?token=${token}`);
    await page.waitForURL(/#\/orders/);
    return {
      page,
      operator,
      pageErrors,
      go: async (route) => {
        // A string: the harness compiles without the DOM's types.
        await page.evaluate(`window.location.hash = ${JSON.stringify(route)}`);
      },
      screenshot: async (name) => {
        await mkdir(screenshotDir, { recursive: true });
        const path = join(screenshotDir, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      accessibilityProblems: async () => {
        const { violations } = await new AxeBuilder({ page }).analyze();
        return violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map(
            (violation) =>
              `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
                .slice(0, 3)
                .map((node) => node.target.join(' '))
                .join('; ')}`,
          );
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
