/**
 * The web app end to end, in headless Chromium against the Vite dev server: the default comparison
 * runs on first load and shows its KPI table and charts; a headcount changed in the editor changes
 * the comparison; an invalid value gets its error beside the field; the user's scenario survives a
 * reload; a share link opens the same scenario in a fresh browser and a damaged one gets a clear
 * message; a running comparison can be cancelled; results and charts export. No page may log an
 * error, and while a comparison runs the page's own work may not hold its main thread for 50 ms of
 * CPU time, nor may the thread stall for 250 ms (support/app.ts, RESPONSIVE).
 * Screenshots go to test-results/app/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, startApp, type AppHarness, type AppPage, unlabelled, unresponsive } from './support/app.js';

const hasChromium = chromiumAvailable();

/**
 * Load the app at `hash` in a new document. Playwright injects its selector engine into a document
 * on first use, and that costs tens of milliseconds on the page's main thread: make that first use
 * now, while the page loads, so it never lands inside a comparison whose main thread is measured.
 */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('#view', { state: 'attached' });
}


/** A comparison state the Compare view reports on its section. */
async function waitForState(page: Page, state: 'done' | 'cancelled' | 'failed' | 'running', timeout = 30_000): Promise<void> {
  await page.waitForSelector(`section.compare[data-state="${state}"]`, { timeout });
}

async function runAndWait(page: Page): Promise<void> {
  await page.click('#run');
  await waitForState(page, 'done');
  await page.waitForSelector('#results[data-charts="drawn"]', { timeout: 15_000 });
}

/** The text of the change cell for a KPI (the first non-baseline scenario) and its class. */
async function deltaOf(page: Page, kpi: string): Promise<{ text: string; cls: string }> {
  const cell = page.locator(`#kpi-table tr[data-kpi="${kpi}"] td.delta`).first();
  return { text: (await cell.locator('.v').innerText()).trim(), cls: (await cell.getAttribute('class')) ?? '' };
}

describe.skipIf(!hasChromium)(hasChromium ? 'the web app in Chromium' : `the web app in Chromium (skipped: ${CHROMIUM} is missing)`, () => {
  let app: AppHarness;
  let main: AppPage;
  /** The user's copy of seed-defaults, made in the editor test. */
  let userId = '';
  let shareLink = '';

  beforeAll(async () => {
    app = await startApp();
    main = await app.newPage();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('opens on #/compare and runs seed-defaults vs no-ack-duty at once: KPI table, headline and the five charts, no task of 50 ms CPU on the main thread', async () => {
    const { page } = main;
    const stopTrace = await app.traceMainThreads();
    await open(page, `${app.origin}/#/compare`);
    await waitForState(page, 'done', 45_000);
    await page.waitForSelector('#results[data-charts="drawn"]', { timeout: 15_000 });
    const trace = await stopTrace();

    // The default comparison, with 10 replications.
    expect(await page.locator('#baseline').inputValue()).toBe('bundled:seed-defaults');
    expect(await page.locator('#replications').inputValue()).toBe('10');
    const heads = await page.locator('#kpi-table thead th').allInnerTexts();
    expect(heads.join(' | ')).toMatch(/seed-defaults.*no-ack-duty.*Change vs seed-defaults/s);
    // Without ACK duty, after-hours tickets wait for the morning: P1 acknowledge compliance drops, clearly.
    const ack = await deltaOf(page, 'sla.acknowledge.P1');
    expect(ack.text).toMatch(/^-\d+(\.\d)? pt/);
    expect(ack.cls).toContain('worse');
    // The same tickets in both (common random numbers): no change in volume, and not coloured.
    expect(await deltaOf(page, 'tickets')).toEqual({ text: '0', cls: 'num delta same' });
    expect(await page.locator('[data-testid="headline"]').innerText()).toMatch(/no-ack-duty against seed-defaults: \d+ clearly worse/);

    for (const chart of ['sla', 'distribution', 'backlog', 'occupancy', 'staffing']) {
      const svg = page.locator(`figure[data-chart="${chart}"] svg.supportsim-chart`);
      expect(await svg.count(), chart).toBe(1);
      const box = await svg.boundingBox();
      expect(box!.width, chart).toBeGreaterThan(500);
      expect(await page.locator(`figure[data-chart="${chart}"] .caption`).innerText()).not.toBe('');
    }

    expect(await unlabelled(page)).toEqual([]);
    // All simulation and summarising ran off the main thread.
    const busy = trace.between('supportsim:run-start', 'supportsim:charts-drawn');
    console.log(`compare e2e: ${busy.length} tasks of 50 ms or more from run to charts; most CPU in one ${Math.max(0, ...busy.map((t) => t.cpu)).toFixed(0)} ms`);
    expect(unresponsive(busy)).toEqual([]);

    await app.screenshot(page, 'compare');
    await page.locator('#results').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.screenshot(page, 'compare-results');
    for (const chart of ['sla', 'distribution', 'occupancy', 'staffing']) {
      await page.locator(`figure[data-chart="${chart}"]`).scrollIntoViewIfNeeded();
      await app.screenshot(page, `compare-chart-${chart}`);
    }
    expect(main.errors).toEqual([]);
  }, 60_000);

  it('exports the results as CSV and JSON and a chart as SVG and PNG', async () => {
    const { page } = main;
    const save = async (button: ReturnType<Page['locator']>) => {
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
    };
    const csv = await save(page.getByRole('button', { name: 'Download results (CSV)' }));
    expect(csv.name).toMatch(/\.csv$/);
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('kpi,scenario,is_baseline,mean,ci_lo,ci_hi,change_vs_baseline,change_ci_lo,change_ci_hi,replications,seed');
    expect(lines.some((l) => l.startsWith('sla.acknowledge.P1,no-ack-duty,no,'))).toBe(true);

    const json = await save(page.getByRole('button', { name: 'Download results (JSON)' }));
    const output = JSON.parse(json.bytes.toString('utf8'));
    expect(output.baseline).toBe('seed-defaults');
    expect(Object.keys(output.deltas)).toEqual(['no-ack-duty']);

    const svg = await save(page.getByRole('button', { name: 'Download "SLA compliance by clock and priority" as SVG' }));
    expect(svg.bytes.toString('utf8')).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await save(page.getByRole('button', { name: 'Download "Backlog over time" as PNG' }));
    expect(png.name).toMatch(/backlog\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.bytes.length).toBeGreaterThan(10_000);
    expect(main.errors).toEqual([]);
  }, 30_000);

  it('changing a headcount in the editor changes the comparison', async () => {
    const { page } = main;
    await page.goto(`${app.origin}/#/scenarios`);
    await page.locator('tr[data-id="bundled:seed-defaults"]').getByRole('button', { name: 'Duplicate' }).click();
    await page.waitForURL(/#\/edit\/user/);
    userId = decodeURIComponent(page.url().split('#/edit/')[1]);
    expect(await page.locator('[data-testid="scenario-title"]').innerText()).toBe('seed-defaults (copy)');

    // An unchanged copy: every change is zero.
    await page.goto(`${app.origin}/#/compare?scenarios=bundled:seed-defaults,${encodeURIComponent(userId)}&replications=3`);
    await runAndWait(page);
    const before = await deltaOf(page, 'waitMinutes.mean');
    expect(before).toEqual({ text: '0.0 s', cls: 'num delta same' });

    // 12 -> 9 people on the L1 day shift.
    await page.goto(`${app.origin}/#/edit/${encodeURIComponent(userId)}`);
    const headcount = page.locator('[data-path="groups[0].shifts[0].headcount"]');
    expect(await headcount.inputValue()).toBe('12');
    await headcount.fill('9');
    await page.waitForFunction(() => document.querySelector('.save-status')?.textContent?.startsWith('Saved in this browser'));
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.waitForURL(/#\/compare\?/);
    await runAndWait(page);
    expect(await page.locator('#kpi-table thead th').nth(2).innerText()).toContain('seed-defaults (copy)');
    const after = await deltaOf(page, 'waitMinutes.mean');
    expect(after.text).toMatch(/^\+/);
    expect(after.cls).toContain('worse');
    expect((await deltaOf(page, 'occupancy.L1')).text).toMatch(/^\+\d/);
    await app.screenshot(page, 'compare-headcount');
    expect(main.errors).toEqual([]);
  }, 60_000);

  it('an invalid value gets its error beside the field and in the summary, and fixing it clears both', async () => {
    const { page } = main;
    await page.goto(`${app.origin}/#/edit/${encodeURIComponent(userId)}`);
    const headcount = page.locator('[data-path="groups[1].shifts[0].headcount"]');
    await headcount.fill('-2');
    expect(await headcount.getAttribute('aria-invalid')).toBe('true');
    // The error is the field's own description, right after it.
    const errorId = (await headcount.getAttribute('aria-describedby'))!;
    const beside = page.locator(`[id="${errorId}"]`);
    expect(await beside.innerText()).toMatch(/expected a (whole )?number >= 1, got -2/);
    const fieldBox = (await headcount.boundingBox())!;
    const errorBox = (await beside.boundingBox())!;
    expect(Math.abs(errorBox.y - (fieldBox.y + fieldBox.height))).toBeLessThan(40);
    expect(Math.abs(errorBox.x - fieldBox.x)).toBeLessThan(250);
    const summary = page.locator('[data-testid="error-summary"]');
    // The summary names the field in words, with the path the schema uses.
    expect(await summary.innerText()).toMatch(/1 problem to fix[\s\S]*L2, day shift: people: expected a number >= 1, got -2[\s\S]*groups\[1\]\.shifts\[0\]\.headcount/);
    await headcount.scrollIntoViewIfNeeded();
    await app.screenshot(page, 'editor-error');

    // Text where a number belongs, and an SLA target: each error by its own field.
    await headcount.fill('five');
    expect(await beside.innerText()).toMatch(/expected a (whole )?number, got "five"/);
    const target = page.locator('[data-path="slaPolicies[0].clocks.acknowledge.targetMinutes"]');
    await target.fill('0');
    expect(await target.getAttribute('aria-invalid')).toBe('true');
    expect(await summary.innerText()).toMatch(/2 problems to fix/);

    // The comparison refuses an invalid scenario and says which one.
    await page.goto(`${app.origin}/#/compare?scenarios=bundled:seed-defaults,${encodeURIComponent(userId)}&replications=3`);
    await page.click('#run');
    await waitForState(page, 'failed');
    expect(await page.locator('.run-status').innerText()).toMatch(/"seed-defaults \(copy\)" is not a valid scenario[\s\S]*Fix "seed-defaults \(copy\)" in the editor/);

    await page.goto(`${app.origin}/#/edit/${encodeURIComponent(userId)}`);
    await page.locator('[data-path="groups[1].shifts[0].headcount"]').fill('5');
    await page.locator('[data-path="slaPolicies[0].clocks.acknowledge.targetMinutes"]').fill('15');
    expect(await summary.innerText()).toMatch(/No problems/);
    expect(await unlabelled(page)).toEqual([]);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(main.errors).toEqual([]);
  }, 30_000);

  it('after a reload the user scenario is still there, with its change', async () => {
    const { page } = main;
    await page.goto(`${app.origin}/#/scenarios`);
    await page.reload();
    const row = page.locator(`tr[data-id="${userId}"]`);
    await row.waitFor();
    expect(await row.locator('td.name a').innerText()).toBe('seed-defaults (copy)');
    expect(await row.innerText()).toMatch(/yours/);
    await app.screenshot(page, 'scenarios');
    expect(await unlabelled(page)).toEqual([]);
    await row.locator('td.name a').click();
    expect(await page.locator('[data-path="groups[0].shifts[0].headcount"]').inputValue()).toBe('9');
    expect(main.errors).toEqual([]);
  }, 20_000);

  it('a share link opens the same scenario in a new browser, which can save it', async () => {
    const { page } = main;
    await page.goto(`${app.origin}/#/scenarios`);
    await page.locator(`tr[data-id="${userId}"]`).getByRole('button', { name: 'Copy share link' }).click();
    shareLink = await page.locator('input.share-link').inputValue();
    expect(shareLink).toMatch(new RegExp(`^${app.origin}/#/share/[A-Za-z0-9_-]+$`));
    const original = await page.evaluate((id) => {
      const state = JSON.parse(localStorage.getItem('supportsim.scenarios.v1')!);
      return state.scenarios.find((s: { id: string }) => s.id === id).raw;
    }, userId);

    const other = await app.newPage();
    await other.page.goto(shareLink);
    await other.page.waitForSelector('[data-testid="shared-name"]');
    expect(await other.page.locator('[data-testid="shared-name"]').innerText()).toBe('seed-defaults (copy)');
    await app.screenshot(other.page, 'share');
    await other.page.getByRole('button', { name: 'Save to my scenarios and edit' }).click();
    await other.page.waitForURL(/#\/edit\/user/);
    expect(JSON.parse(await other.page.locator('#scenario-json').inputValue())).toEqual(original);
    expect(await other.page.locator('[data-path="groups[0].shifts[0].headcount"]').inputValue()).toBe('9');
    expect(other.errors).toEqual([]);
    await other.context.close();
  }, 30_000);

  it('a damaged share link gets a clear message, never a blank page', async () => {
    const other = await app.newPage();
    const payload = shareLink.split('#/share/')[1];
    const cases: Array<[string, RegExp]> = [
      [`#/share/${payload.slice(0, Math.floor(payload.length / 2))}`, /damaged|could not be unpacked/],
      [`#/share/${payload.slice(0, 40)}!!${payload.slice(42)}`, /damaged/],
      ['#/share/', /damaged: it carries no scenario/],
    ];
    for (const [hash, message] of cases) {
      await other.page.goto(`${app.origin}/${hash}`);
      await other.page.reload();
      const box = other.page.locator('.share-error');
      await box.waitFor();
      expect(await box.locator('h2').innerText()).toBe('This link cannot be opened');
      expect(await box.innerText()).toMatch(message);
      expect(await other.page.locator('h1').innerText()).toBe('A shared scenario');
    }
    await app.screenshot(other.page, 'share-damaged');
    expect(other.errors).toEqual([]);
    await other.context.close();
  }, 30_000);

  it('a running comparison can be cancelled, the next run works, and a cancelled run keeps the previous results', async () => {
    // A fresh page: a link to a comparison runs it on arrival, like the default one.
    const fresh = await app.newPage();
    const { page } = fresh;
    const cancelWhileRunning = async (run: () => Promise<void>, shot?: string) => {
      const stopTrace = await app.traceMainThreads();
      await run();
      await waitForState(page, 'running');
      await page.waitForFunction(() => Number((document.getElementById('run-progress') as HTMLProgressElement).value) > 0.01);
      expect(await page.locator('#cancel').isEnabled()).toBe(true);
      if (shot) {
        // A screenshot stalls the page while it is captured: that pause is the test's, not the app's.
        await page.evaluate(() => performance.mark('test:screenshot-start'));
        await app.screenshot(page, shot);
        await page.evaluate(() => performance.mark('test:screenshot-end'));
      }
      await page.click('#cancel');
      await waitForState(page, 'cancelled', 5_000);
      expect(await page.locator('.run-status').innerText()).toMatch(/^Cancelled/);
      expect(await page.locator('#cancel').isDisabled()).toBe(true);
      expect(await page.locator('#run').isEnabled()).toBe(true);
      const trace = await stopTrace();
      expect(unresponsive(trace.between('supportsim:run-start', 'supportsim:run-end', { except: ['test:screenshot-start', 'test:screenshot-end'] }))).toEqual([]);
    };
    await cancelWhileRunning(() => open(page, `${app.origin}/#/compare?scenarios=bundled:seed-defaults,bundled:no-ack-duty&replications=300`), 'compare-running');
    expect(await page.locator('#kpi-table').count()).toBe(0);

    // The pool recovers: a short run completes.
    await page.fill('#replications', '2');
    await page.locator('#replications').dispatchEvent('change');
    await runAndWait(page);
    expect(await page.locator('.results-head p').innerText()).toMatch(/2 replications each/);

    // Cancelling a long run leaves those results in place.
    await page.fill('#replications', '300');
    await page.locator('#replications').dispatchEvent('change');
    await cancelWhileRunning(() => page.click('#run'));
    expect(await page.locator('.results-head p').innerText()).toMatch(/2 replications each/);
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
  }, 30_000);

  it('no page logged an error', () => {
    expect(app.allErrors()).toEqual([]);
  });
});
