import type { Scenario } from '../../sim/model/scenario.js';
import type { ReplicationResult } from '../../sim/replication.js';
import { browserPool } from '../../workers/browserPool.js';
import { CancelledError, type WorkerPool } from '../../workers/pool.js';
import { h, replaceChildren, uid } from '../dom.js';
import type { Lesson } from './lesson.js';
import { lessonChart } from './lessonPanelChart.js';
import type { LessonAnswer, LessonRun } from './lessons/experiment.js';

/**
 * A lesson beside the animated desk: the story, the question, the one control, and the answer
 * the simulation gives. The replications run in the browser's worker pool (never on the page's
 * thread), show their progress and can be cancelled; replications already run are kept, so moving
 * a slider back and forth is instant. Every control change also hands the changed scenario to the
 * desk (`hooks.onScenario`) so it replays what the learner just chose. The control's initial value
 * reproduces `lesson.scenario`, so nothing is sent on mount.
 */

export interface LessonPanelHooks {
  onScenario(s: Scenario): void;
  signal?: AbortSignal;
}

/** Slider moves settle for this long before the desk replays and the answer is recomputed. */
const DEBOUNCE_MS = 300;
/** Replications kept across panels (a lesson's sweep is at most ~120 of them). */
const CACHE_LIMIT = 600;

const cache = new Map<string, ReplicationResult[]>();

function cacheKey(run: LessonRun, scenario: Scenario): string {
  return `${run.seed}|${run.replications}|${JSON.stringify(scenario)}`;
}

function remember(key: string, results: ReplicationResult[]): void {
  cache.set(key, results);
  let total = 0;
  for (const r of cache.values()) total += r.length;
  for (const [k, r] of cache) {
    if (total <= CACHE_LIMIT) break;
    cache.delete(k);
    total -= r.length;
  }
}

export function mountLessonPanel(host: HTMLElement, lesson: Lesson, hooks: LessonPanelHooks): { destroy(): void } {
  const titleId = uid('lesson-title');
  const controlId = uid('lesson-control');
  const control = lesson.control;
  let value: number | boolean = control.initial;
  let pool: WorkerPool | null = null;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let destroyed = false;
  let lastAnswer: LessonAnswer | null = null;

  const format = (v: number | boolean) => (control.format ? control.format(v) : String(v));

  // The control: a labelled range with its value spelled out, or a labelled checkbox.
  const output = h('output', { class: 'lesson-value', for: controlId }, format(value));
  let input: HTMLInputElement;
  if (control.kind === 'slider') {
    input = h('input', {
      id: controlId,
      type: 'range',
      min: control.min ?? 0,
      max: control.max ?? 1,
      step: control.step ?? 'any',
      value: Number(value),
      'aria-valuetext': format(value),
    });
    input.addEventListener('input', () => {
      value = Number(input.value);
      output.textContent = format(value);
      input.setAttribute('aria-valuetext', format(value));
      schedule();
    });
    // The end of a drag (or a key press) need not wait for the debounce.
    input.addEventListener('change', () => flush());
  } else {
    input = h('input', { id: controlId, type: 'checkbox', checked: value === true });
    input.addEventListener('change', () => {
      value = input.checked;
      output.textContent = format(value);
      flush();
    });
  }
  const controlRow =
    control.kind === 'slider'
      ? h('div', { class: 'lesson-control lesson-slider' }, h('label', { for: controlId }, control.label), input, output)
      : h('div', { class: 'lesson-control lesson-toggle' }, input, h('label', { for: controlId }, control.label), output);

  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Simulation progress' });
  const status = h('span', { class: 'lesson-status-text' });
  const cancel = h('button', { type: 'button', class: 'lesson-cancel', onclick: () => controller?.abort() }, 'Cancel');
  const rerun = h('button', { type: 'button', class: 'lesson-rerun', onclick: () => void compute(value) }, 'Run again');
  const statusRow = h('div', { class: 'lesson-status', role: 'status' }, progress, status, cancel, rerun);
  // Only the sentence is announced when an answer arrives, not the chart and the table around it.
  const headline = h('p', { class: 'lesson-headline', 'aria-live': 'polite' });
  const chartBox = h('div', { class: 'lesson-chart-box' });
  const tableBox = h('div', { class: 'lesson-table-box' });
  const answerBox = h('div', { class: 'lesson-answer' }, h('h3', {}, 'What the simulation shows'), statusRow, headline, chartBox, tableBox);

  const root = h(
    'section',
    { class: 'lesson-panel', 'aria-labelledby': titleId, 'data-lesson': lesson.id },
    h('h2', { id: titleId }, lesson.title),
    h('p', { class: 'lesson-summary' }, lesson.summary),
    h('div', { class: 'lesson-narrative' }, ...lesson.narrative.map((p) => h('p', {}, p))),
    h('p', { class: 'lesson-question' }, h('strong', {}, 'Question: '), lesson.question),
    h('div', { class: 'lesson-change' }, h('h3', {}, 'Change one thing'), controlRow),
    answerBox,
  );
  host.append(root);

  function setStatus(state: 'running' | 'done' | 'cancelled' | 'failed', text: string, fraction = 0): void {
    root.dataset.state = state;
    answerBox.setAttribute('aria-busy', state === 'running' ? 'true' : 'false');
    progress.hidden = state !== 'running';
    progress.value = fraction;
    cancel.hidden = state !== 'running';
    rerun.hidden = state !== 'cancelled' && state !== 'failed';
    status.textContent = text;
    answerBox.classList.toggle('stale', state === 'running' && lastAnswer !== null);
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  }

  /** The control's value takes effect: the desk replays it and the answer is recomputed. */
  function flush(): void {
    if (destroyed) return;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const changed = control.apply(lesson.scenario, value);
    hooks.onScenario(changed);
    void compute(value);
  }

  async function compute(v: number | boolean): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    let run: LessonRun;
    try {
      run = lesson.experiment.plan(lesson.scenario, v);
    } catch (e) {
      setStatus('failed', `This lesson could not be set up: ${(e as Error).message}`);
      return;
    }
    const keys = run.variants.map((variant) => cacheKey(run, variant.scenario));
    const missing = keys.flatMap((k, i) => (cache.has(k) ? [] : [i]));
    if (missing.length > 0) {
      const tasks = missing.flatMap((i) =>
        Array.from({ length: run.replications }, (_, r) => ({ scenario: run.variants[i].scenario, seed: run.seed, replication: r })),
      );
      const total = tasks.length;
      setStatus('running', `Simulating ${total} replications…`, 0);
      try {
        pool ??= browserPool(Math.min(4, Math.max(1, navigator.hardwareConcurrency || 2)));
        const results = await pool.run(tasks, {
          signal: mine.signal,
          onProgress: (fraction, finished) => {
            if (controller !== mine) return;
            progress.value = fraction;
            status.textContent = `Simulating: ${finished} of ${total} replications done`;
          },
        });
        if (controller !== mine || destroyed) return;
        missing.forEach((i, k) => remember(keys[i], results.slice(k * run.replications, (k + 1) * run.replications)));
      } catch (e) {
        if (controller !== mine || destroyed) return;
        if (e instanceof CancelledError || mine.signal.aborted) setStatus('cancelled', 'Cancelled. The answer below, if any, is for an earlier setting.');
        else setStatus('failed', `The simulation failed: ${(e as Error).message}`);
        return;
      }
    }
    if (controller !== mine || destroyed) return;
    const results = keys.map((k) => cache.get(k) as ReplicationResult[]);
    let answer: LessonAnswer;
    try {
      answer = lesson.experiment.read(run, results, v);
    } catch (e) {
      setStatus('failed', `The answer could not be read: ${(e as Error).message}`);
      return;
    }
    lastAnswer = answer;
    render(answer, run);
    const reps = run.replications;
    setStatus('done', `${format(v)}: ${run.variants.length === 1 ? '' : `${run.variants.length} variants × `}${reps} replications, 95% confidence intervals.`);
    controller = null;
  }

  function render(answer: LessonAnswer, run: LessonRun): void {
    headline.textContent = answer.headline;
    const width = Math.max(280, Math.min(640, (chartBox.clientWidth || root.clientWidth || 480) - 4));
    replaceChildren(
      chartBox,
      answer.chart ? h('figure', { class: 'lesson-figure' }, h('figcaption', {}, answer.chart.title), lessonChart(answer.chart, width)) : null,
    );
    const [head, ...rows] = answer.table;
    replaceChildren(
      tableBox,
      h(
        'table',
        { class: 'lesson-table' },
        h('caption', {}, `Simulated with seed ${run.seed}; ranges are 95% confidence intervals.`),
        h('thead', {}, h('tr', {}, ...head.map((c, i) => h('th', { scope: 'col' }, i === 0 && c === '' ? h('span', { class: 'visually-hidden' }, 'Measure') : c)))),
        h('tbody', {}, ...rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r[0]), ...r.slice(1).map((c) => h('td', {}, c))))),
      ),
    );
  }

  function destroy(): void {
    if (destroyed) return;
    destroyed = true;
    if (timer !== null) clearTimeout(timer);
    controller?.abort();
    controller = null;
    pool?.close();
    pool = null;
    hooks.signal?.removeEventListener('abort', destroy);
    root.remove();
  }

  if (hooks.signal?.aborted) {
    destroy();
    return { destroy };
  }
  hooks.signal?.addEventListener('abort', destroy, { once: true });
  setStatus('running', 'Starting the simulation…');
  void compute(value);
  return { destroy };
}
