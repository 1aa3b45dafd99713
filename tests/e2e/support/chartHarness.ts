/**
 * A real browser for the chart tests: a Vite dev server on `ui/` (with a config of our own, so the
 * tests do not depend on the app's config or index.html) and headless Debian Chromium through
 * playwright-core. The page loads `/charts/index.ts` through Vite and keeps it as `window.__charts`.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

import { CHROMIUM, REPO } from './app.js';

export { CHROMIUM, chromiumAvailable, REPO } from './app.js';
export const UI_ROOT = fileURLToPath(new URL('../../../ui', import.meta.url));

/** What the page reports about a rendered chart (see INSPECT below). */
export interface MarkFacts {
  tag: string;
  cls: string;
  attrs: Record<string, string>;
  /** Text of the element's own <title>, or of its parent group's. */
  title: string | null;
  /** Page coordinates of the element's geometry: (x1, y1), (x2, y2) for lines, else its box. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TickFacts {
  axis: string;
  text: string;
  /** Page coordinates of the tick's origin. */
  x: number;
  y: number;
}

export interface ChartFacts {
  tag: string;
  role: string | null;
  ariaLabel: string | null;
  width: number;
  height: number;
  fontSize: string | null;
  fontFamily: string | null;
  axisLabels: string[];
  legend: string[];
  ticks: TickFacts[];
  marks: Record<string, MarkFacts[]>;
  /** Every mark (rect, path, circle, line, polygon) outside defs and legends without a tooltip. */
  untitledMarks: number;
  outerHTML: string;
}

/**
 * Browser-side code, kept as text so that no test transform can touch it: it imports the charts
 * through Vite and defines `__inspect(svg, selectors)`, which turns a rendered chart into facts.
 */
const INSTALL = String.raw`(async () => {
  const charts = await import('/charts/index.ts');
  window.__charts = charts;
  const titleOf = (el) => {
    for (let node = el; node && node.tagName !== 'svg'; node = node.parentElement) {
      const own = [...node.children].find((c) => c.tagName === 'title');
      if (own) return own.textContent;
    }
    return null;
  };
  const toPage = (el, x, y) => {
    const m = el.getScreenCTM();
    const p = new DOMPoint(x, y).matrixTransform(m);
    return [p.x + window.scrollX, p.y + window.scrollY];
  };
  const geometry = (el) => {
    if (el.tagName === 'line') {
      const a = toPage(el, el.x1.baseVal.value, el.y1.baseVal.value);
      const b = toPage(el, el.x2.baseVal.value, el.y2.baseVal.value);
      return { x1: a[0], y1: a[1], x2: b[0], y2: b[1] };
    }
    const r = el.getBoundingClientRect();
    return { x1: r.left + window.scrollX, y1: r.top + window.scrollY, x2: r.right + window.scrollX, y2: r.bottom + window.scrollY };
  };
  window.__inspect = (svg, selectors) => {
    const marks = {};
    for (const selector of selectors) {
      marks[selector] = [...svg.querySelectorAll(selector)].map((el) => ({
        tag: el.tagName,
        cls: el.getAttribute('class') ?? '',
        attrs: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
        title: titleOf(el),
        ...geometry(el),
      }));
    }
    const ticks = [...svg.querySelectorAll('g.axis')].flatMap((axis) =>
      [...axis.querySelectorAll(':scope > g.tick')].map((tick) => {
        const [x, y] = toPage(tick, 0, 0);
        return { axis: axis.getAttribute('class'), text: tick.textContent.trim(), x, y };
      }),
    );
    const untitledMarks = [...svg.querySelectorAll('rect, path, circle, line, polygon')].filter(
      (el) => !el.closest('defs, .legend, .axis, .grid, .mark-guides, .day-separators') && !el.classList.contains('whisker-halo') && !el.classList.contains('demand-halo') && titleOf(el) === null,
    ).length;
    return {
      tag: svg.tagName,
      role: svg.getAttribute('role'),
      ariaLabel: svg.getAttribute('aria-label'),
      width: svg.getBoundingClientRect().width,
      height: svg.getBoundingClientRect().height,
      fontSize: svg.getAttribute('font-size'),
      fontFamily: svg.getAttribute('font-family'),
      axisLabels: [...svg.querySelectorAll('.axis-label')].map((t) => t.textContent),
      legend: [...svg.querySelectorAll('.legend text')].map((t) => t.textContent),
      ticks,
      marks,
      untitledMarks,
      outerHTML: svg.outerHTML,
    };
  };
  return Object.keys(charts).sort();
})()`;

const BLANK_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>charts</title>
<style>body { margin: 16px; background: #fff; font: 12px system-ui, sans-serif; } figure { margin: 0 0 16px; display: inline-block; vertical-align: top; }</style>
</head><body></body></html>`;

export interface ChartHarness {
  page: Page;
  origin: string;
  /** Names `/charts/index.ts` exports, as the page sees them. */
  exports: string[];
  /** Console errors and uncaught exceptions in the page so far. */
  errors: string[];
  /** Render `chart(data, options)` into a fresh <figure id=figureId> and return facts about it. */
  render(chart: string, data: unknown, options: Record<string, unknown>, selectors: string[], figureId?: string): Promise<ChartFacts>;
  close(): Promise<void>;
}

export async function startChartHarness(): Promise<ChartHarness> {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await createServer({
      root: UI_ROOT,
      configFile: false,
      logLevel: 'silent',
      clearScreen: false,
      // Dependency cache under node_modules (git-ignored), never inside ui/.
      cacheDir: fileURLToPath(new URL('../../../node_modules/.vite-chart-tests', import.meta.url)),
      server: { host: '127.0.0.1', port: 0, strictPort: false, fs: { allow: [REPO] }, watch: null, hmr: false, ws: false },
      optimizeDeps: { noDiscovery: true, include: ['d3'], entries: [] },
    });
    await server.listen();
    const address = server.httpServer?.address() as AddressInfo | null;
    if (!address || typeof address === 'string') throw new Error('the Vite dev server has no TCP address');
    const origin = `http://127.0.0.1:${address.port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    // A blank page on the server's origin, so module imports are same-origin.
    await page.route(`${origin}/__charts__`, (route) => route.fulfill({ contentType: 'text/html', body: BLANK_HTML }));
    await page.route(`${origin}/favicon.ico`, (route) => route.fulfill({ status: 204, body: '' }));
    await page.goto(`${origin}/__charts__`);
    const exports = (await page.evaluate(INSTALL)) as string[];

    const s = server;
    const b = browser;
    return {
      page,
      origin,
      exports,
      errors,
      async render(chart, data, options, selectors, figureId = `figure-${chart}`) {
        return page.evaluate(
          ({ chart, data, options, selectors, figureId }) => {
            const w = window as unknown as {
              __charts: Record<string, (data: unknown, options: unknown) => SVGSVGElement>;
              __inspect: (svg: SVGSVGElement, selectors: string[]) => ChartFacts;
            };
            document.getElementById(figureId)?.remove();
            const figure = document.createElement('figure');
            figure.id = figureId;
            document.body.append(figure);
            const svg = w.__charts[chart](data, options);
            figure.append(svg);
            return w.__inspect(svg, selectors);
          },
          { chart, data, options, selectors, figureId },
        );
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
