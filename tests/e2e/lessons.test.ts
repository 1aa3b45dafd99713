import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS } from '../../ui/training/lessons/index.js';
import { chromiumAvailable, startApp, unlabelled, unresponsive, type AppHarness, type AppPage } from './support/app.js';

/**
 * The lessons in a real browser: each lesson opens at `#/training?lesson=<id>`, its answer is
 * computed in the worker pool and shown, moving its control changes the shown outcome, and no
 * control is unlabelled and nothing logs an error.
 */

const LESSON_IDS = LESSONS.map((l) => l.id);

describe.skipIf(!chromiumAvailable())('training lessons', () => {
  let app: AppHarness;
  let tab: AppPage;

  beforeAll(async () => {
    app = await startApp();
    tab = await app.newPage();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  /** The panel's answer once the simulation has finished (state 'done'). */
  async function settledAnswer(): Promise<{ headline: string; table: string }> {
    const panel = tab.page.locator('.lesson-panel');
    await panel.locator('xpath=self::*[@data-state="done"]').waitFor({ timeout: 60_000 });
    return {
      headline: (await panel.locator('.lesson-headline').textContent()) ?? '',
      table: (await panel.locator('.lesson-table').textContent()) ?? '',
    };
  }

  it.each(LESSON_IDS)('%s: loads, answers, and its control changes the outcome', async (id) => {
    const { page } = tab;
    await page.goto(`${app.origin}/#/training?lesson=${id}`);
    const panel = page.locator(`.lesson-panel[data-lesson="${id}"]`);
    await panel.waitFor({ timeout: 30_000 });
    const before = await settledAnswer();
    expect(before.headline.length).toBeGreaterThan(40);
    expect(await panel.locator('.lesson-chart-box svg').count()).toBe(1);
    await app.screenshot(page, `lesson-${id}`, { fullPage: true });

    // Change the one thing: the far end of a slider, or flip the toggle.
    const stopTrace = await app.traceMainThreads();
    await page.evaluate(() => performance.mark('lesson:change'));
    const slider = panel.locator('input[type=range]');
    if ((await slider.count()) > 0) {
      const { min, max, value } = await slider.evaluate((el: HTMLInputElement) => ({ min: el.min, max: el.max, value: el.value }));
      const target = value === max ? min : max;
      await slider.evaluate((el: HTMLInputElement, v: string) => {
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }, target);
    } else {
      await panel.locator('input[type=checkbox]').click();
    }
    // The outcome shown changes (from cached replications at once, or after a new run).
    await page.waitForFunction(
      ([lesson, old]) => {
        const el = document.querySelector(`.lesson-panel[data-lesson="${lesson}"]`);
        return el?.getAttribute('data-state') === 'done' && el.querySelector('.lesson-headline')?.textContent !== old;
      },
      [id, before.headline] as const,
      { timeout: 60_000 },
    );
    const after = await settledAnswer();
    expect(after.headline).not.toBe(before.headline);
    await page.evaluate(() => performance.mark('lesson:answered'));
    // The replications run in workers: the page stays responsive.
    expect(unresponsive((await stopTrace()).between('lesson:change', 'lesson:answered'))).toEqual([]);
    await app.screenshot(page, `lesson-${id}-changed`, { fullPage: true });
    expect(await unlabelled(page)).toEqual([]);
    expect(tab.errors).toEqual([]);
  }, 120_000);

  it('shows progress while it simulates, and can be cancelled and run again', async () => {
    // A fresh page: no replications cached, so the hockey stick's sweep (120 replications) runs.
    const fresh = await app.newPage();
    const { page } = fresh;
    await page.goto(`${app.origin}/#/training?lesson=hockey-stick`);
    const panel = page.locator('.lesson-panel[data-lesson="hockey-stick"]');
    const cancel = panel.locator('button.lesson-cancel');
    await cancel.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await panel.locator('progress').isVisible()).toBe(true);
    await cancel.click();
    await panel.locator('xpath=self::*[@data-state="cancelled"]').waitFor({ timeout: 10_000 });
    expect(await panel.locator('.lesson-status-text').textContent()).toContain('Cancelled');
    await panel.locator('button.lesson-rerun').click();
    await panel.locator('xpath=self::*[@data-state="done"]').waitFor({ timeout: 60_000 });
    expect((await panel.locator('.lesson-headline').textContent())?.length).toBeGreaterThan(40);
    // Leaving the view destroys the panel (its workers stop with it).
    await page.goto(`${app.origin}/#/scenarios`);
    await page.locator('.lesson-panel').waitFor({ state: 'detached', timeout: 10_000 });
    expect(fresh.errors).toEqual([]);
  }, 120_000);
});
