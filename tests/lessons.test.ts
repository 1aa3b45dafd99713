import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText } from '../scenarios/parse.js';
import type { Interval } from '../sim/metrics/confidence.js';
import type { ReplicationResult } from '../sim/replication.js';
import type { Lesson } from '../ui/training/lesson.js';
import { LESSONS } from '../ui/training/lessons/index.js';
import { shareBelow } from '../ui/training/lessons/cherryPicking.js';
import type { LessonAnswer } from '../ui/training/lessons/experiment.js';
import { kingmanWait } from '../ui/training/lessons/variability.js';
import { runTasksHere } from '../workers/experiments.js';

/**
 * The lessons: each bundled scenario is valid, each control changes its scenario, and the effect
 * each lesson teaches shows in the simulation with its fixed seeds, judged on 95% CIs. The answers
 * are computed the way the panel computes them (plan, replications, read), here in this thread.
 */

const lesson = (id: string): Lesson => {
  const found = LESSONS.find((l) => l.id === id);
  if (!found) throw new Error(`no lesson ${id}`);
  return found;
};

/** Run a lesson's plan for a control value and read the answer, timing it. */
function answer(l: Lesson, value: number | boolean): LessonAnswer & { ms: number } {
  const started = performance.now();
  const run = l.experiment.plan(l.scenario, value);
  const results: ReplicationResult[][] = run.variants.map((v) =>
    runTasksHere(Array.from({ length: run.replications }, (_, r) => ({ scenario: v.scenario, seed: run.seed, replication: r }))),
  );
  return { ...l.experiment.read(run, results, value), ms: performance.now() - started };
}

/** A control value other than the initial one: the far end of a slider, or the toggle flipped. */
function otherValue(l: Lesson): number | boolean {
  const c = l.control;
  if (c.kind === 'toggle') return !c.initial;
  return c.initial === c.max ? (c.min as number) : (c.max as number);
}

const contains = (i: Interval, x: number) => i.lo <= x && x <= i.hi;

describe('lesson catalogue', () => {
  it('has at least six lessons with unique ids, a bundled file each, and nothing left unlisted', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(6);
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync('scenarios/lessons').filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(ids.map((id) => `${id}.json`).sort());
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))('%s: its file parses, describes itself, and the lesson is complete', (id, l) => {
    const parsed = parseScenarioText(readFileSync(`scenarios/lessons/${id}.json`, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.scenario.description.length).toBeGreaterThan(100);
    expect(l.scenario).toEqual(parsed.scenario);
    expect(l.narrative.length).toBeGreaterThanOrEqual(2);
    expect(l.narrative.length).toBeLessThanOrEqual(4);
    expect(l.question.endsWith('?')).toBe(true);
    expect(l.control.label.length).toBeGreaterThan(0);
    // Small and fast: a few weeks at most, a small desk.
    expect(parsed.scenario.horizonDays + parsed.scenario.warmupDays).toBeLessThanOrEqual(21);
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))("%s: the control's apply() gives a valid scenario that differs from the base", (_, l) => {
    const base = structuredClone(l.scenario);
    const changed = l.control.apply(l.scenario, otherValue(l));
    expect(l.scenario).toEqual(base); // apply never mutates the lesson's scenario
    expect(changed).not.toEqual(l.scenario);
    const reparsed = parseScenario(JSON.parse(JSON.stringify(changed)));
    if (!reparsed.ok) throw new Error(reparsed.errors.join('\n'));
    expect(reparsed.scenario).toEqual(changed);
    // The panel sends nothing on mount: the initial value must reproduce the lesson's scenario.
    expect(l.control.apply(l.scenario, l.control.initial)).toEqual(l.scenario);
  });
});

describe('each lesson teaches what it says (fixed seeds, 95% CIs)', () => {
  it('hockey stick: wait rises steeply with utilisation and matches Erlang C within its CI', () => {
    const l = lesson('hockey-stick');
    const a = answer(l, 0.8);
    const v = a.values;
    // Every simulated point sits on Erlang C (allowing the CI of a short run); checked where the CI is informative.
    for (const x of ['0.60', '0.70', '0.80']) expect(v[`wait@${x}`].hi).toBeGreaterThan(0);
    expect(contains(v.wait, v.erlangWait.mean)).toBe(true);
    expect(contains(v.probWait, v.erlangProbWait.mean)).toBe(true);
    // Convex: the step 80->90% adds far more than 50->60% (clear apart at 95%).
    expect(v['wait@0.90'].lo - v['wait@0.80'].hi).toBeGreaterThan(v['wait@0.60'].hi - v['wait@0.50'].lo);
    expect(v['wait@0.95'].lo).toBeGreaterThan(v['wait@0.80'].hi * 2);
    expect(a.headline).toContain('80%');
    expect(a.ms).toBeLessThan(20_000);
  });

  it('variability: a higher handle-time CV raises the wait at the same load, near Kingman', () => {
    const l = lesson('variability');
    const a = answer(l, 1);
    const v = a.values;
    expect(v['wait@2.00'].lo).toBeGreaterThan(v['wait@1.00'].hi);
    expect(v['wait@1.00'].lo).toBeGreaterThan(v['wait@0.00'].hi);
    // CV 1 is M/M/c: Kingman's factor is 1 and the value is Erlang C's, inside the CI.
    expect(contains(v.wait, v.kingman.mean)).toBe(true);
    expect(kingmanWait(4, 10, 20.4, 0)).toBeCloseTo(kingmanWait(4, 10, 20.4, 1) / 2, 10);
    expect(a.ms).toBeLessThan(20_000);
  });

  it('pooling: one shared queue waits less than two separate teams (paired CI below zero)', () => {
    const a = answer(lesson('pooling'), true);
    const v = a.values;
    expect(v.saved.lo).toBeGreaterThan(0);
    expect(v.pooledWait.hi).toBeLessThan(v.separateWait.lo);
    expect(v.pooledProbWait.hi).toBeLessThan(v.separateProbWait.lo);
    expect(a.ms).toBeLessThan(20_000);
  });

  it('priority starvation: P4 waits longer under strict priority than under FIFO or EDF; P2 pays for FIFO', () => {
    const a = answer(lesson('priority-starvation'), 2);
    const v = a.values;
    // Paired CIs (the same tickets under each rule) clear of zero.
    expect(v.p4StrictMinusFifo.lo).toBeGreaterThan(0);
    expect(v.p4StrictMinusEdf.lo).toBeGreaterThan(0);
    expect(v.p4P90StrictMinusEdf.lo).toBeGreaterThan(0);
    expect(v.p2FifoMinusStrict.lo).toBeGreaterThan(0);
    // Starvation: under strict priority P4 waits several times as long as P2 (independent CIs apart).
    expect(v['p4Wait.priority'].lo).toBeGreaterThan(5 * v['p2Wait.priority'].hi);
    expect(a.ms).toBeLessThan(20_000);
  });

  it('after-hours ACK: the duty raises after-hours acknowledge compliance and leaves the Monday peak alone', () => {
    const a = answer(lesson('after-hours-ack'), true);
    const v = a.values;
    expect(v.gain.lo).toBeGreaterThan(0.5);
    expect(v.afterHoursAckOn.lo).toBeGreaterThan(0.9);
    expect(v.afterHoursAckOff.hi).toBeLessThan(0.2);
    // The pile of work on Monday morning is the same tickets either way.
    expect(Math.abs(v.peakBacklogOn.mean - v.peakBacklogOff.mean)).toBeLessThan(Math.max(1, 0.1 * v.peakBacklogOff.mean));
    expect(v.peakBacklogOff.mean).toBeGreaterThan(10);
    expect(a.ms).toBeLessThan(20_000);
  });

  it('cherry-picking: quick tickets gain, tricky ones and the oldest share lose', () => {
    const a = answer(lesson('cherry-picking'), true);
    const v = a.values;
    // Paired CIs (the same tickets either way).
    expect(v.quickChange.hi).toBeLessThan(0);
    expect(v.trickyChange.lo).toBeGreaterThan(0);
    expect(v.trickyP90Change.lo).toBeGreaterThan(0);
    // The average flatters cherry-picking: it falls while the bugs wait longer.
    expect(v.meanChange.hi).toBeLessThan(0);
    expect(a.ms).toBeLessThan(20_000);
  });

  it("Little's law: L and lambda x W, measured separately, agree within a few percent at every rate", () => {
    const l = lesson('littles-law');
    for (const rate of [3, 7]) {
      const a = answer(l, rate);
      const v = a.values;
      expect(contains(v.lambda, rate)).toBe(true);
      expect(Math.abs(v.openGap.mean)).toBeLessThan(0.05);
      expect(Math.abs(v.waitingGap.mean)).toBeLessThan(0.1);
      expect(a.ms).toBeLessThan(20_000);
    }
  });

  it("Little's law: the gap is an edge effect and shrinks with a longer run, as the narrative says", () => {
    const l = lesson('littles-law');
    const longer = { ...l, scenario: { ...l.scenario, horizonDays: 4 * l.scenario.horizonDays } };
    const short = answer(l, 6).values.openGap;
    const long = answer(longer, 6).values.openGap;
    expect(short.mean).toBeGreaterThan(0);
    expect(Math.abs(long.mean)).toBeLessThan(short.mean / 2);
  });

  it('reads the wait quantile grid into age-bucket shares', () => {
    // A uniform wait on [0, 100] has quantile q at 100q.
    const grid = [0.01, ...Array.from({ length: 19 }, (_, i) => (i + 1) * 0.05), 0.99].map((p) => p * 100);
    expect(shareBelow(grid, 50)).toBeCloseTo(0.5, 10);
    expect(shareBelow(grid, 0.5)).toBeCloseTo(0.005, 10);
    expect(shareBelow(grid, 1000)).toBe(1);
    expect(shareBelow(grid, Infinity)).toBe(1);
  });
});
