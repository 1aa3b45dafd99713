/**
 * The responsiveness check the other browser tests rely on (tests/e2e/support/app.ts): it has to
 * see a page that keeps its main thread busy, tell CPU from waiting, and keep to the marks it is
 * given, or a passing browser test would say nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, startApp, unresponsive, type AppHarness, type AppPage } from './support/app.js';

describe.skipIf(!chromiumAvailable())('the main-thread trace of a page', () => {
  let app: AppHarness;
  let tab: AppPage;

  beforeAll(async () => {
    app = await startApp();
    tab = await app.newPage();
    await tab.page.goto(`${app.origin}/#/scenarios`);
    await tab.page.locator('main').waitFor();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('finds a 120 ms busy task between two marks, with its CPU time, and nothing outside them', async () => {
    const stopTrace = await app.traceMainThreads();
    // Three tasks a frame apart: busy before the marks, short between them, busy between them.
    await tab.page.evaluate(async () => {
      const spin = (ms: number) => {
        const until = performance.now() + ms;
        while (performance.now() < until);
      };
      const nextTask = () => new Promise((resolve) => setTimeout(resolve, 20));
      spin(120);
      await nextTask();
      performance.mark('check:start');
      await nextTask();
      spin(5);
      await nextTask();
      spin(120);
      await nextTask();
      performance.mark('check:end');
      await nextTask();
      spin(120);
    });
    const tasks = (await stopTrace()).between('check:start', 'check:end');
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    expect(task.wall).toBeGreaterThanOrEqual(120);
    // A spinning thread is on a core nearly all the time, even on a busy machine.
    expect(task.cpu).toBeGreaterThan(60);
    expect(task.at).toBeGreaterThan(0);
    console.log(`trace check: a spinning task took ${task.wall.toFixed(0)} ms (${task.cpu.toFixed(0)} ms of CPU)`);
    expect(unresponsive(tasks)).toEqual([expect.stringMatching(/^a task at \d+ ms took \d+ ms \(\d+ ms of CPU\)$/)]);
  });

  it('does not count a wait as work: a page blocked on a synchronous request uses little CPU', async () => {
    const stopTrace = await app.traceMainThreads();
    // Synchronous requests to the dev server keep the thread in one long task that is mostly
    // waiting for another process: long in wall time, short in CPU time.
    await tab.page.evaluate(async () => {
      performance.mark('wait:start');
      const until = performance.now() + 150;
      while (performance.now() < until) {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', `/index.html?wait=${performance.now()}`, false);
        xhr.send();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      performance.mark('wait:end');
    });
    const [task] = (await stopTrace()).between('wait:start', 'wait:end');
    expect(task.wall).toBeGreaterThanOrEqual(150);
    expect(task.cpu).toBeLessThan(task.wall);
    console.log(`trace check: a task waiting on requests took ${task.wall.toFixed(0)} ms (${task.cpu.toFixed(0)} ms of CPU)`);
  });

  it('names a missing mark instead of finding nothing', async () => {
    const stopTrace = await app.traceMainThreads();
    await tab.page.evaluate(() => performance.mark('only:start'));
    const trace = await stopTrace();
    expect(() => trace.between('only:start', 'never:set')).toThrow('the trace holds no mark "never:set" after "only:start"');
    expect(() => trace.between('never:set', 'only:start')).toThrow('the trace holds no mark "never:set"');
  });
});
