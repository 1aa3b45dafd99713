/**
 * The training view (#/training) end to end, in headless Chromium against the Vite dev server:
 * the trace is recorded in a worker and the desk drawn; the picture changes while playing and not
 * while paused; Step shows exactly one more recorded event; scrubbing back restores the earlier
 * picture exactly; a lesson loads beside the desk; no console errors, no unlabelled controls.
 * Screenshots: test-results/app/training*.png (docs/training.png is one of them, copied by hand).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, startApp, type AppHarness, type AppPage, unlabelled } from './support/app.js';

const hasChromium = chromiumAvailable();

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('#view', { state: 'attached' });
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('section.training[data-state="ready"]', { timeout: 30_000 });
}

/** What the desk shows: where every ticket mark is and what every agent does, the counter and the KPIs. */
async function picture(page: Page): Promise<{ index: number; marks: string; agents: string; counter: string; kpis: string; clock: string }> {
  return page.evaluate(() => {
    const svg = document.querySelector('svg.desk-picture') as SVGSVGElement;
    const marks = [...svg.querySelectorAll('rect.ticket')].map((r) => `${r.getAttribute('data-ticket')}@${r.getAttribute('x')},${r.getAttribute('y')}:${r.getAttribute('fill')}`).sort();
    const agents = [...svg.querySelectorAll('circle.agent')].map((c) => c.getAttribute('data-state')).join('');
    return {
      index: Number((document.querySelector('section.training') as HTMLElement).dataset.index),
      marks: marks.join(' '),
      agents,
      counter: (document.getElementById('training-counter') as HTMLElement).textContent ?? '',
      kpis: [...document.querySelectorAll('.kpi-value')].map((d) => d.textContent).join('|'),
      clock: (document.getElementById('training-clock') as HTMLElement).textContent ?? '',
    };
  });
}

/** Wait until no ticket mark is mid-slide (transitions of the last update are over). */
async function settled(page: Page): Promise<void> {
  await page.waitForTimeout(400);
}

describe.skipIf(!hasChromium)(hasChromium ? 'the training view in Chromium' : `the training view in Chromium (skipped: ${CHROMIUM} is missing)`, () => {
  let app: AppHarness;
  let main: AppPage;

  beforeAll(async () => {
    app = await startApp();
    main = await app.newPage();
  }, 150_000);

  afterAll(async () => {
    await app?.close();
  });

  it('records the seed desk in a worker and draws it: tiers, agents by shift, after-hours duty, KPIs', async () => {
    const { page } = main;
    await open(page, `${app.origin}/#/training?scenario=bundled:seed-defaults&days=2`);
    await ready(page);
    expect(await page.locator('nav a[data-view="training"]').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#training-note').innerText()).toMatch(/Replaying the first 2 days of "seed-defaults"[\s\S]*[\d,]+ recorded events[\s\S]*background worker/);
    for (const lane of ['after hours', 'engineering', 'with the customer']) expect((await page.locator('svg.desk-picture').innerHTML()).toLowerCase()).toContain(lane);
    expect(await page.locator('svg.desk-picture g.lane-team').count()).toBe(3);
    expect(await page.locator('svg.desk-picture circle.agent').count()).toBe(21);
    const start = await picture(page);
    // At minute 0: the events at the start instant (people on duty around the clock) are shown.
    expect(start.counter).toMatch(/^event \d+ of [\d,]+$/);
    expect(start.clock).toMatch(/00:00/);
    expect(await unlabelled(page)).toEqual([]);
    expect(main.errors).toEqual([]);
  }, 60_000);

  it('animates while playing and stands still while paused', async () => {
    const { page } = main;
    // Start from a busy hour (Monday mid-morning), at the fastest speed.
    await page.locator('.timeline-slider').fill(String(9.5 * 60));
    await page.selectOption('.player-controls select', '1000');
    const before = await picture(page);
    const stopTrace = await app.traceMainThreads();
    await page.evaluate(() => performance.mark('test:play-start'));
    await page.click('#training-play');
    expect(await page.locator('#training-play').getAttribute('aria-pressed')).toBe('true');
    await page.waitForTimeout(1500);
    const playing = await picture(page);
    await page.evaluate(() => performance.mark('test:play-end'));
    const long = (await stopTrace()).between('test:play-start', 'test:play-end');
    console.log(`training e2e: ${long.length} tasks of 50 ms or more in 1.5 s of playing at 1000x${long.length ? `, longest ${Math.max(...long.map((t) => t.wall)).toFixed(0)} ms (${Math.max(...long.map((t) => t.cpu)).toFixed(0)} ms of CPU)` : ''}`);
    expect(playing.index).toBeGreaterThan(before.index);
    expect(playing.clock).not.toBe(before.clock);
    expect(playing.marks + playing.kpis).not.toBe(before.marks + before.kpis);
    await app.screenshot(page, 'training-playing');
    await page.click('#training-play');
    expect(await page.locator('#training-play').getAttribute('aria-pressed')).toBe('false');
    await settled(page);
    const paused = await picture(page);
    await page.waitForTimeout(1200);
    const later = await picture(page);
    expect(later).toEqual(paused);
    expect(main.errors).toEqual([]);
  }, 30_000);

  it('Step shows exactly one more recorded event, and scrubbing back restores an earlier picture', async () => {
    const { page } = main;
    const base = await picture(page);
    await page.click('#training-step');
    await settled(page);
    const one = await picture(page);
    expect(one.index).toBe(base.index + 1);
    expect(one.counter).toMatch(new RegExp(`^event ${(base.index + 1).toLocaleString('en-US')} of`));
    const said = await page.locator('#training-last-event').innerText();
    expect(said).toMatch(/^\d\d:\d\d /);
    for (let k = 0; k < 4; k++) await page.click('#training-step');
    await settled(page);
    expect((await picture(page)).index).toBe(base.index + 5);

    // Scrub to an early time, take the picture, scrub far ahead, come back: the same picture.
    await page.locator('.timeline-slider').fill(String(10 * 60));
    await settled(page);
    const early = await picture(page);
    await page.locator('.timeline-slider').fill(String(30 * 60));
    await settled(page);
    const ahead = await picture(page);
    expect(ahead.index).toBeGreaterThan(early.index);
    expect(ahead.marks).not.toBe(early.marks);
    await page.locator('.timeline-slider').fill(String(10 * 60));
    await settled(page);
    expect(await picture(page)).toEqual(early);
    await app.screenshot(page, 'training-desk', { fullPage: true });
    expect(main.errors).toEqual([]);
  }, 30_000);

  it('Tuesday morning: the tickets of the night wait in L1, ageing towards their targets (the picture in the README)', async () => {
    const { page } = main;
    await page.locator('.timeline-slider').fill(String((24 + 9.25) * 60));
    await settled(page);
    expect(await page.locator('#training-clock').innerText()).toMatch(/Tue.*09:15/);
    expect(Number(await page.locator('svg.desk-picture g[data-lane^="tier-1"]').getAttribute('data-count'))).toBeGreaterThan(5);
    await app.screenshot(page, 'training-readme', { fullPage: true });
    expect(main.errors).toEqual([]);
  }, 30_000);

  it('after hours the ACK duty lane fills and the clock says so', async () => {
    const { page } = main;
    // Monday 20:00 New York: after hours, tickets wait for the on-duty engineer.
    await page.locator('.timeline-slider').fill(String(20 * 60));
    await settled(page);
    expect(await page.locator('#training-hours').innerText()).toBe('after hours');
    expect(await page.locator('#training-clock').innerText()).toMatch(/20:00/);
    const duty = page.locator('svg.desk-picture g[data-lane="duty"]');
    expect(await duty.count()).toBe(1);
    await app.screenshot(page, 'training-after-hours', { fullPage: true });
    expect(main.errors).toEqual([]);
  }, 30_000);

  it('another scenario and another length replay at once; a lesson opens beside the desk', async () => {
    const { page } = main;
    await page.selectOption('.training-setup select >> nth=1', '3');
    await ready(page);
    await page.selectOption('.training-setup select >> nth=0', 'bundled:erlang-c-check');
    await page.waitForFunction(() => document.querySelector('#training-note')?.textContent?.includes('erlang-c-check'), undefined, { timeout: 30_000 });
    await ready(page);
    expect(await page.locator('svg.desk-picture circle.agent').count()).toBe(14);
    // 200 tickets an hour for 3 days would be about 60,000 events: the trace says where it stopped.
    expect(await page.locator('#training-truncated').innerText()).toMatch(/stops at the cap of 50,000 events, after 2\.\d days/);
    if (!(await page.locator('.lesson-list').isVisible())) await page.locator('.lesson-picker summary').click();
    const lessons = page.locator('.lesson-list a[data-lesson]');
    expect(await lessons.count()).toBeGreaterThanOrEqual(6);
    const first = (await lessons.first().getAttribute('data-lesson')) as string;
    await lessons.first().click();
    await page.waitForSelector(`section.training[data-lesson="${first}"]`);
    await ready(page);
    expect(await page.locator('#training-lesson').innerText()).not.toBe('');
    expect(await unlabelled(page)).toEqual([]);

    // The lesson's control replays the changed desk, at the same simulated time.
    await page.locator('.timeline-slider').fill(String(10 * 60));
    await settled(page);
    const before = await page.locator('#training-note').innerText();
    const clock = await page.locator('#training-clock').innerText();
    const control = page.locator('#training-lesson input').first();
    if ((await control.getAttribute('type')) === 'range') await control.fill((await control.getAttribute('max')) as string);
    else await control.click();
    await page.waitForFunction((text) => document.getElementById('training-note')?.textContent !== text, before, { timeout: 30_000 });
    await ready(page);
    expect(await page.locator('#training-note').innerText()).not.toBe(before);
    expect(await page.locator('#training-clock').innerText()).toBe(clock);
    await app.screenshot(page, 'training-lesson', { fullPage: true });
    expect(main.errors).toEqual([]);
  }, 60_000);
});
