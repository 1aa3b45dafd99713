/**
 * The web app in a real browser for the end-to-end tests: a Vite dev server started with the
 * repository's own vite.config.ts (the app's root is ui/), and headless Debian Chromium through
 * playwright-core. Every page records console errors, uncaught exceptions and long tasks (the
 * main thread busy for more than 50 ms), so a test can check that nothing went wrong.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/app/', import.meta.url));

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions in this page so far. */
  errors: string[];
}

export interface AppHarness {
  origin: string;
  browser: Browser;
  /** A page in a fresh browser context (its own localStorage), 1280 x 800. */
  newPage(): Promise<AppPage>;
  /** A page in an existing context (sharing its localStorage). */
  pageIn(context: BrowserContext): Promise<AppPage>;
  /** Every error any page reported, prefixed with the page's URL. */
  allErrors(): string[];
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** Long tasks (> 50 ms on the main thread) with their start times, recorded from the first script on. */
const RECORD_LONG_TASKS = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

export async function startApp(): Promise<AppHarness> {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await createServer({
      configFile: fileURLToPath(new URL('../../../vite.config.ts', import.meta.url)),
      logLevel: 'warn',
      clearScreen: false,
      // A dependency cache of its own, so a running `npm start` and the tests never share one.
      cacheDir: fileURLToPath(new URL('../../../node_modules/.vite-app-tests', import.meta.url)),
      // No file watching: other work on the repository must not reload the page mid-test.
      server: { host: '127.0.0.1', port: 0, strictPort: false, watch: null, hmr: false },
    });
    await server.listen();
    const address = server.httpServer?.address() as AddressInfo | null;
    if (!address || typeof address === 'string') throw new Error('the Vite dev server has no TCP address');
    const origin = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const pages: AppPage[] = [];
    const b = browser;
    const s = server;
    const pageIn = async (context: BrowserContext): Promise<AppPage> => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      const appPage = { page, context, errors };
      pages.push(appPage);
      return appPage;
    };
    return {
      origin,
      browser: b,
      async newPage() {
        const context = await b.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, acceptDownloads: true });
        await context.addInitScript(RECORD_LONG_TASKS);
        return pageIn(context);
      },
      pageIn,
      allErrors: () => pages.flatMap((p) => p.errors.map((e) => `${p.page.url()}: ${e}`)),
      async screenshot(page, name, options = {}) {
        const path = `${SCREENSHOTS}${name}.png`;
        await page.screenshot({ path, fullPage: options.fullPage ?? false });
        return path;
      },
      async close() {
        await b.close().catch(() => {});
        await s.close().catch(() => {});
      },
    };
  } catch (error) {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    throw error;
  }
}

/** Long tasks between two performance marks of the page (both must exist). */
export async function longTasksBetween(page: Page, startMark: string, endMark: string): Promise<Array<{ start: number; duration: number; from: number; to: number }>> {
  return page.evaluate(
    ([a, b]) => {
      const at = (name: string) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? NaN;
      const from = at(a);
      const to = at(b);
      const tasks = (window as unknown as { __longTasks: Array<{ start: number; duration: number }> }).__longTasks;
      return tasks.filter((t) => t.start + t.duration > from && t.start < to).map((t) => ({ ...t, from, to }));
    },
    [startMark, endMark],
  );
}

/** Form controls and buttons without an accessible name (a label, aria-label, or text). */
export async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('input, select, textarea, button')]
      .filter((el) => {
        if (el.closest('[hidden]')) return false;
        if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;
        if (el.tagName === 'BUTTON') return (el.textContent ?? '').trim() === '';
        if (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) return false;
        return el.closest('label') === null;
      })
      .map((el) => el.outerHTML.slice(0, 160)),
  );
}
