/**
 * The web app in a real browser for the end-to-end tests: a Vite dev server started with the
 * repository's own vite.config.ts (the app's root is ui/), and headless Debian Chromium through
 * playwright-core. Every page records console errors and uncaught exceptions, and a test can trace
 * the pages' main-thread tasks (wall and CPU time) to check that the page stayed responsive.
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
  /**
   * Record the main-thread tasks of every page (Chromium tracing, one recording at a time) until
   * the returned function is called.
   */
  traceMainThreads(): Promise<() => Promise<MainThreadTasks>>;
  close(): Promise<void>;
}

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
    let tracing = false;
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
        return pageIn(context);
      },
      pageIn,
      allErrors: () => pages.flatMap((p) => p.errors.map((e) => `${p.page.url()}: ${e}`)),
      async screenshot(page, name, options = {}) {
        const path = `${SCREENSHOTS}${name}.png`;
        await page.screenshot({ path, fullPage: options.fullPage ?? false });
        return path;
      },
      async traceMainThreads() {
        // A test that failed mid-recording left it running: that recording is of no use now.
        if (tracing) await b.stopTracing().catch(() => {});
        await b.startTracing(undefined, { categories: TRACE_CATEGORIES });
        tracing = true;
        return async () => {
          tracing = false;
          return mainThreadTasks(await b.stopTracing());
        };
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

/**
 * A task on a page's main thread that took 50 ms or more of wall time (a long task), with the CPU
 * time the thread itself spent in it. On this 2-core machine the app's workers keep both cores
 * busy, so the operating system can leave the page's thread waiting in the middle of a short task:
 * the wall time then measures the machine, the CPU time measures the app.
 */
export interface BusyTask {
  /** Milliseconds after the start mark. */
  at: number;
  wall: number;
  cpu: number;
}

/** What the page may do on its main thread: no task of its own of 50 ms, and no freeze. */
export const RESPONSIVE = { cpu: 50, wall: 250 };

/** The tasks that break RESPONSIVE (or looser limits, where a test says why), described for a failure message. */
export function unresponsive(tasks: readonly BusyTask[], limits: { cpu: number; wall: number } = RESPONSIVE): string[] {
  return tasks
    .filter((t) => t.cpu >= limits.cpu || t.wall >= limits.wall)
    .map((t) => `a task at ${t.at.toFixed(0)} ms took ${t.wall.toFixed(0)} ms (${t.cpu.toFixed(0)} ms of CPU)`);
}

export interface MainThreadTasks {
  /**
   * Long tasks of the thread that set the marks, between the last start mark and the last end mark
   * after it: those overlapping the span, or with `within` only those that end inside it. Tasks
   * overlapping a pair of `except` marks are left out (a test's own screenshot, which stalls the
   * page while it is captured).
   */
  between(startMark: string, endMark: string, options?: { except?: [string, string]; within?: boolean }): BusyTask[];
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/** Chromium's trace of every thread's tasks and the pages' performance marks. */
const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing'];

export function mainThreadTasks(trace: Buffer): MainThreadTasks {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.ph === 'I');
  return {
    between(startMark, endMark, { except, within = false } = {}) {
      const start = marks.filter((m) => m.name === startMark).at(-1);
      if (!start) throw new Error(`the trace holds no mark "${startMark}"`);
      const end = marks.filter((m) => m.name === endMark && m.ts >= start.ts && m.pid === start.pid).at(-1);
      if (!end) throw new Error(`the trace holds no mark "${endMark}" after "${startMark}"`);
      const ownThread = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid;
      const windows: Array<[number, number]> = [];
      if (except) {
        const opens = marks.filter((m) => ownThread(m) && m.name === except[0]);
        const closes = marks.filter((m) => ownThread(m) && m.name === except[1]);
        for (const m of opens) windows.push([m.ts, closes.find((c) => c.ts >= m.ts)?.ts ?? Infinity]);
      }
      return events
        .filter((e) => ownThread(e) && e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && (e.dur ?? 0) >= 50_000)
        .filter((e) => e.ts + (e.dur ?? 0) > start.ts && (within ? e.ts + (e.dur ?? 0) <= end.ts : e.ts < end.ts))
        .filter((e) => !windows.some(([a, b]) => e.ts + (e.dur ?? 0) > a && e.ts < b))
        .map((e) => ({ at: (e.ts - start.ts) / 1000, wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }));
    },
  };
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
