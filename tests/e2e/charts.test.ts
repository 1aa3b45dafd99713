/**
 * The charts (ui/charts) in a real browser: Vite serves them, headless Chromium renders each one on
 * fixed data, and the tests check the marks against the data through the drawn axes. A PNG of every
 * chart goes to test-results/charts/ for a human look.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, formatElapsedDays, formatHourOfWeek, formatPercent, OKABE_ITO, PALETTE, scenarioColour } from '../../ui/charts/index.js';
import { CHROMIUM, REPO, chromiumAvailable, startChartHarness, type ChartFacts, type ChartHarness, type TickFacts } from './support/chartHarness.js';

const SHOTS = join(REPO, 'test-results', 'charts');

// ---------------------------------------------------------------------------------------------
// Fixed data, shaped like `supportsim run --json` output.

const GRID = [0.01, ...Array.from({ length: 19 }, (_, i) => (i + 1) * 0.05), 0.99];
/** Resolution-time quantiles (minutes) of seed-defaults, 3 replications. */
const RESOLUTION = [
  2.77865, 5.07813, 7.48438, 10.3021, 14.1354, 20.5625, 31.625, 48.9583, 77.25, 138.083, 246.667, 433, 888.667, 1044, 1180, 1329.33, 1545.33, 2402.67,
  3506.67, 4421.33, 6661.33,
];
const SCENARIOS = ['Baseline', '+2 L1 agents'];

const SLA: Array<{ label: string; scenario: string; mean: number; lo: number; hi: number; target: number }> = [];
{
  const base: Record<string, [number, number, number]> = {
    'acknowledge P1': [0.9356, 0.8729, 0.9983],
    'acknowledge P2': [0.9192, 0.896, 0.9424],
    'acknowledge P3': [0.8988, 0.8939, 0.9037],
    'acknowledge P4': [0.8322, 0.8052, 0.8593],
    'resolution P1': [0.8256, 0.6604, 0.9908],
    'resolution P2': [0.9784, 0.9665, 0.9903],
    'resolution P3': [0.9808, 0.9765, 0.9852],
    'resolution P4': [0.9468, 0.9312, 0.9624],
  };
  for (const [label, [mean, lo, hi]] of Object.entries(base)) {
    const target = label.startsWith('acknowledge') ? 0.95 : 0.9;
    SLA.push({ label, scenario: SCENARIOS[0], mean, lo, hi, target });
    // The second scenario's CI of resolution P4 runs past 100 %: drawn (and told) clamped.
    const better = label === 'resolution P4' ? [0.9739, 0.9341, 1.0136] : [Math.min(0.99, mean + 0.04), Math.min(0.99, lo + 0.04), Math.min(1, hi + 0.03)];
    SLA.push({ label, scenario: SCENARIOS[1], mean: better[0], lo: better[1], hi: better[2], target });
  }
}

const DISTRIBUTION = [
  { scenario: SCENARIOS[0], probabilities: GRID, values: RESOLUTION },
  { scenario: SCENARIOS[1], probabilities: GRID, values: RESOLUTION.map((v) => v * 0.55) },
];

/** A deterministic wobble in [-1, 1]. */
const wobble = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 4.1414) * 0.5;

function backlogSeries(scenario: string, level: number) {
  const mean: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < 672; i++) {
    const hour = i % 24;
    const weekday = Math.floor(i / 24) % 7 < 5;
    const daily = weekday && hour >= 8 && hour < 17 ? -25 * Math.sin(((hour - 8) / 9) * Math.PI) : 0;
    const m = Math.max(0, level + 20 * Math.sin((i / 168) * 2 * Math.PI) + daily + 4 * wobble(i));
    mean.push(Number(m.toFixed(3)));
    lo.push(Number((m * 0.88).toFixed(3)));
    hi.push(Number((m * 1.12 + 2).toFixed(3)));
  }
  return { scenario, stepMinutes: 60, mean, lo, hi };
}
const BACKLOG = [backlogSeries(SCENARIOS[0], 95), backlogSeries(SCENARIOS[1], 60)];

const businessHour = (h: number) => h % 24 >= 8 && h % 24 < 17 && Math.floor(h / 24) < 5;
const HOURS = Array.from({ length: 168 }, (_, h) => h);
const STAFFED = [
  { group: 'L1', values: HOURS.map((h) => (businessHour(h) ? (h % 24 === 12 ? 8.5 : 11.25) : 0)) },
  { group: 'L2', values: HOURS.map((h) => (businessHour(h) ? 4.9 : 0)) },
  { group: 'L3', values: HOURS.map((h) => (businessHour(h) && h % 24 >= 9 ? 1.9 : 0)) },
  { group: 'on-call', values: HOURS.map((h) => (businessHour(h) ? 0 : 1)) },
];
const ARRIVALS = HOURS.map((h) => Number((businessHour(h) ? 15 + 3 * Math.sin(h) : h % 24 >= 17 && h % 24 < 22 ? 4 : 1 + 0.3 * wobble(h)).toFixed(3)));
const OCCUPANCY = STAFFED.map((g, k) => ({
  group: g.group,
  // As in the simulator: 0 where nobody is on duty. One NaN hour (L2, Monday 07:00) is closed too.
  values: g.values.map((s, h) => (k === 1 && h === 7 ? NaN : s > 0 ? Number(Math.min(1, (k === 3 ? 0.05 : 0.45) + 0.5 * Math.abs(wobble(h + 7 * k))).toFixed(3)) : 0)),
  staffed: g.values,
}));
OCCUPANCY[0].values[9] = 1; // L1 Monday 09:00 flat out: the top of the colour scale
const CLOSED_CELLS = OCCUPANCY.reduce((n, row) => n + row.values.filter((v, h) => !Number.isFinite(v) || row.staffed[h] === 0).length, 0);

// ---------------------------------------------------------------------------------------------
// Reading marks back through the axes.

/** d3-axis draws ticks half a pixel off (crisp 1px lines) on a screen of device pixel ratio 1. */
const D3_AXIS_OFFSET = 0.5;

/** The page position of value v on an axis, interpolated between its two outermost ticks. */
function axisPosition(ticks: TickFacts[], axis: string, parse: (text: string) => number, coordinate: 'x' | 'y', transform: (v: number) => number = (v) => v) {
  const own = ticks.filter((t) => t.axis.split(' ').includes(axis) && t.text !== '');
  expect(own.length).toBeGreaterThanOrEqual(2);
  const a = own[0];
  const b = own[own.length - 1];
  const va = transform(parse(a.text));
  const vb = transform(parse(b.text));
  return (v: number) => a[coordinate] - D3_AXIS_OFFSET + ((transform(v) - va) / (vb - va)) * (b[coordinate] - a[coordinate]);
}
const parsePercent = (text: string) => Number(text.replace(/\s*%$/, '').replace('−', '-')) / 100;
const parseNumber = (text: string) => Number(text.replace(/,/g, ''));
function parseDuration(text: string): number {
  const match = /^([\d.]+) (s|min|h|d)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * { s: 1 / 60, min: 1, h: 60, d: 1440 }[match[2] as 's' | 'min' | 'h' | 'd'];
}

function expectAccessible(facts: ChartFacts): void {
  expect(facts.tag.toLowerCase()).toBe('svg');
  expect(facts.role).toBe('img');
  expect(facts.ariaLabel?.length ?? 0).toBeGreaterThan(40);
  expect(facts.fontSize).toBe('12');
  expect(facts.fontFamily).toMatch(/system-ui/);
  expect(facts.width).toBe(560);
  expect(facts.height).toBe(300);
  expect(facts.untitledMarks).toBe(0);
}

// ---------------------------------------------------------------------------------------------

describe('chart formats and palette (Node)', () => {
  it('formats durations in the largest readable unit', () => {
    expect(formatDuration(0.75)).toBe('45 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(2.5)).toBe('2.5 min');
    expect(formatDuration(12.3)).toBe('12 min');
    expect(formatDuration(59.7)).toBe('1 h');
    expect(formatDuration(204)).toBe('3.4 h');
    expect(formatDuration(3024)).toBe('2.1 d');
    expect(formatDuration(20 * 1440)).toBe('20 d');
    expect(formatDuration(NaN)).toBe('–');
    expect(formatPercent(0.9364)).toBe('93.6 %');
    expect(formatPercent(1, 0)).toBe('100 %');
    expect(formatHourOfWeek(0)).toBe('Mon 00:00–01:00');
    expect(formatHourOfWeek(167)).toBe('Sun 23:00–24:00');
    expect(formatElapsedDays(3.5)).toBe('3 d 12 h');
  });

  it('uses the eight Okabe–Ito colours, one per scenario, wrapping round', () => {
    expect(new Set(PALETTE)).toEqual(new Set(Object.values(OKABE_ITO)));
    expect(PALETTE).toHaveLength(8);
    expect(scenarioColour(0)).toBe(PALETTE[0]);
    expect(scenarioColour(9)).toBe(PALETTE[1]);
  });
});

const hasChromium = chromiumAvailable();
if (!hasChromium) console.warn(`charts.test.ts: ${CHROMIUM} is missing, so the browser tests of ui/charts are skipped.`);

describe.skipIf(!hasChromium)(hasChromium ? 'charts in Chromium' : `charts in Chromium (skipped: ${CHROMIUM} is missing)`, () => {
  let harness: ChartHarness;

  beforeAll(async () => {
    harness = await startChartHarness();
  }, 30_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('loads /charts/index.ts through Vite with every chart exported', () => {
    expect(harness.exports).toEqual(
      expect.arrayContaining(['PALETTE', 'backlogChart', 'distributionChart', 'formatDuration', 'formatPercent', 'occupancyHeatmap', 'slaComplianceChart', 'staffingDemandChart']),
    );
  });

  it('SLA compliance: a bar and a whisker per label and scenario, ends at lo/hi, dashed targets', async () => {
    const facts = await harness.render('slaComplianceChart', SLA, {}, ['rect.bar', 'line.whisker', 'line.target', 'line.whisker-cap-hi']);
    expectAccessible(facts);
    const bars = facts.marks['rect.bar'];
    const whiskers = facts.marks['line.whisker'];
    expect(bars).toHaveLength(SLA.length);
    expect(whiskers).toHaveLength(SLA.length);
    expect(facts.marks['line.target']).toHaveLength(8);
    const y = axisPosition(facts.ticks, 'axis-y', parsePercent, 'y');
    expect(facts.ticks.filter((t) => t.axis.includes('axis-y')).map((t) => t.text)).toEqual(['0 %', '20 %', '40 %', '60 %', '80 %', '100 %']);
    SLA.forEach((d, i) => {
      const clamp = (v: number) => Math.min(1, Math.max(0, v));
      expect(bars[i].y1).toBeCloseTo(y(d.mean), 0);
      expect(bars[i].y2).toBeCloseTo(y(0), 0);
      expect(whiskers[i].y1).toBeCloseTo(y(clamp(d.hi)), 0);
      expect(whiskers[i].y2).toBeCloseTo(y(clamp(d.lo)), 0);
      // The whisker stands in the middle of its bar.
      expect(whiskers[i].x1).toBeCloseTo((bars[i].x1 + bars[i].x2) / 2, 0);
      expect(bars[i].attrs.fill).toBe(scenarioColour(SCENARIOS.indexOf(d.scenario)));
      expect(bars[i].title).toContain(d.label);
      expect(bars[i].title).toContain(formatPercent(d.mean));
      expect(bars[i].title).toMatch(/95 % CI [\d.]+ %–[\d.]+ %/);
    });
    const clamped = SLA.findIndex((d) => d.hi > 1);
    expect(whiskers[clamped].title).toContain('–100.0 %');
    for (const target of facts.marks['line.target']) {
      expect(target.attrs['stroke-dasharray']).toBeTruthy();
      expect(target.y1).toBeCloseTo(y(target.title!.includes('acknowledge') ? 0.95 : 0.9), 0);
      expect(target.title).toMatch(/Target for .+: \d+\.\d %/);
    }
    expect(facts.axisLabels.some((l) => l.includes('(%)'))).toBe(true);
    expect(facts.legend).toEqual(expect.arrayContaining([...SCENARIOS, 'Target', '95 % CI']));
    expect(facts.ariaLabel).toMatch(/SLA compliance.*8 measures.*2 scenarios/);
  });

  it('distribution: one ECDF path per scenario on a log time axis, with P50/P90/P95 marks where they belong', async () => {
    const facts = await harness.render('distributionChart', DISTRIBUTION, { quantity: 'Resolution time' }, ['path.ecdf', 'circle.quantile-mark', 'line.quantile-tick', 'text.mark-label']);
    expectAccessible(facts);
    expect(facts.marks['path.ecdf']).toHaveLength(2);
    const marks = facts.marks['circle.quantile-mark'];
    expect(marks).toHaveLength(2 * 3);
    expect(facts.marks['line.quantile-tick']).toHaveLength(2 * 3);
    expect(facts.marks['text.mark-label'].map((t) => t.title?.slice(0, 3))).toEqual(['P95', 'P90', 'P50']);
    expect(facts.axisLabels).toContain('Resolution time (log scale)');
    const x = axisPosition(facts.ticks, 'axis-x', parseDuration, 'x', Math.log);
    const y = axisPosition(facts.ticks, 'axis-y', parsePercent, 'y');
    const expected = DISTRIBUTION.flatMap((s) => [0.5, 0.9, 0.95].map((p) => ({ s, p, v: s.values[GRID.findIndex((g) => Math.abs(g - p) < 1e-9)] })));
    expected.forEach(({ s, p, v }, i) => {
      const mark = marks[i];
      expect(Number(mark.attrs['data-p'])).toBe(p);
      expect((mark.x1 + mark.x2) / 2).toBeCloseTo(x(v), 0);
      expect((mark.y1 + mark.y2) / 2).toBeCloseTo(y(p), 0);
      expect(mark.title).toContain(`${s.scenario} P${Math.round(p * 100)}: ${formatDuration(v)}`);
      expect(mark.title).toMatch(/\d (s|min|h|d)\b/);
    });
    expect(facts.legend.join(' ')).toContain(`P90 ${formatDuration(RESOLUTION[18])}`);

    // A narrow range gets a linear axis.
    const narrow = await harness.render('distributionChart', [{ scenario: 'Short', probabilities: GRID, values: GRID.map((p) => 2 + 20 * p) }], { quantity: 'Wait' }, ['path.ecdf']);
    expect(narrow.axisLabels).toContain('Wait');
    expect(narrow.marks['path.ecdf']).toHaveLength(1);
  });

  it('backlog: a mean line and a CI band per scenario, x in days since the measured start', async () => {
    const facts = await harness.render('backlogChart', BACKLOG, { startLabel: 'Mon 6 Jan 2025' }, ['path.band', 'path.line', 'rect.hover']);
    expectAccessible(facts);
    expect(facts.marks['path.band']).toHaveLength(2);
    expect(facts.marks['path.line']).toHaveLength(2);
    expect(facts.marks['rect.hover']).toHaveLength(672);
    expect(facts.axisLabels).toContain('Days since Mon 6 Jan 2025');
    expect(facts.axisLabels).toContain('Open tickets');
    const x = axisPosition(facts.ticks, 'axis-x', parseNumber, 'x');
    const y = axisPosition(facts.ticks, 'axis-y', parseNumber, 'y');
    const [band] = facts.marks['path.band'];
    expect(band.x1).toBeCloseTo(x(0), 0);
    expect(band.x2).toBeCloseTo(x(671 / 24), 0);
    expect(band.y1).toBeCloseTo(y(Math.max(...BACKLOG[0].hi)), 0);
    expect(band.attrs['fill-opacity']).toBe('0.22');
    expect(facts.marks['path.line'][0].attrs.stroke).toBe(PALETTE[0]);
    const hover = facts.marks['rect.hover'][24 * 3 + 12].title!;
    expect(hover).toMatch(/^3 d 12 h after Mon 6 Jan 2025/);
    expect(hover).toContain(`Baseline: ${Number(BACKLOG[0].mean[84].toPrecision(3))} open tickets (95 % CI`);
    expect(facts.legend).toEqual(SCENARIOS);
  });

  it('heatmap: 168 cells per group, closed hours hatched grey, viridis scale with a legend', async () => {
    const facts = await harness.render('occupancyHeatmap', OCCUPANCY, {}, ['rect.cell', 'rect.cell.closed', '.day-label', '.colour-bar rect']);
    expectAccessible(facts);
    const cells = facts.marks['rect.cell'];
    expect(cells).toHaveLength(168 * OCCUPANCY.length);
    expect(facts.marks['rect.cell.closed']).toHaveLength(CLOSED_CELLS);
    expect(facts.marks['rect.cell.closed'][0].attrs.fill).toMatch(/^url\(#supportsim-closed-hatch\) #/);
    expect(facts.marks['.day-label'].map((d) => d.attrs.x && d.tag)).toHaveLength(7);
    expect(facts.ticks.filter((t) => t.axis.includes('axis-y')).map((t) => t.text)).toEqual(OCCUPANCY.map((r) => r.group));
    expect(facts.marks['.colour-bar rect'].length).toBeGreaterThan(10);
    // Row-major: Monday 09:00 of L1 is cell 9, flat out, the top of viridis.
    expect(cells[9].attrs.fill).toBe('#fde725');
    expect(cells[9].title).toBe('L1, Mon 09:00–10:00: occupancy 100 %; 11.3 agents on duty');
    expect(cells[168 + 7].title).toBe('L2, Mon 07:00–08:00: closed (no agents on duty)');
    expect(cells[0].title).toContain('closed');
    // Columns run Monday 00:00 to Sunday 24:00 across the plot, each 1/168 of it.
    const first = cells[0];
    const last = cells[167];
    expect((last.x1 - first.x1) / 167).toBeCloseTo((first.x2 - first.x1) - 0.4, 0);
    expect(facts.axisLabels[0]).toMatch(/Hour of the week/);
  });

  it('staffing: stacked areas per group against demand on a second axis in tickets/hour', async () => {
    const facts = await harness.render('staffingDemandChart', { arrivals: ARRIVALS, staffed: STAFFED }, {}, ['path.staff-area', 'path.demand-line', 'rect.hover']);
    expectAccessible(facts);
    expect(facts.marks['path.staff-area']).toHaveLength(STAFFED.length);
    expect(facts.marks['path.demand-line']).toHaveLength(1);
    expect(facts.marks['rect.hover']).toHaveLength(168);
    expect(facts.axisLabels).toEqual(expect.arrayContaining(['Agents on duty', 'Demand (tickets/hour)']));
    expect(facts.ticks.some((t) => t.axis.includes('axis-y2'))).toBe(true);
    const y = axisPosition(facts.ticks, 'axis-y', parseNumber, 'y');
    const y2 = axisPosition(facts.ticks, 'axis-y2', parseNumber, 'y');
    // The top of the stack is the busiest hour's total; the demand line peaks at the busiest hour's arrivals.
    const peakStaff = Math.max(...HOURS.map((h) => STAFFED.reduce((s, g) => s + g.values[h], 0)));
    expect(Math.min(...facts.marks['path.staff-area'].map((a) => a.y1))).toBeCloseTo(y(peakStaff), 0);
    expect(facts.marks['path.demand-line'][0].y1).toBeCloseTo(y2(Math.max(...ARRIVALS)), 0);
    expect(facts.marks['path.staff-area'][0].title).toMatch(/^L1: mean [\d.]+ agents on duty, peak 11\.3 agents Mon/);
    expect(facts.marks['path.demand-line'][0].title).toMatch(/tickets\/hour/);
    expect(facts.marks['rect.hover'][9].title).toContain('Mon 09:00–10:00\nDemand: ');
    expect(facts.legend).toEqual([...STAFFED.map((g) => g.group), 'Demand (tickets/h)']);
  });

  it('re-renders identically, keeps no state, and builds in the document it is given', async () => {
    const a = await harness.render('slaComplianceChart', SLA, {}, [], 'again-1');
    const b = await harness.render('slaComplianceChart', SLA, {}, [], 'again-2');
    expect(a.outerHTML).toBe(b.outerHTML);
    const ownerIsGiven = await harness.page.evaluate((data) => {
      const charts = (window as unknown as { __charts: { backlogChart: (d: unknown, o: unknown) => SVGSVGElement } }).__charts;
      const doc = document.implementation.createHTMLDocument('elsewhere');
      return charts.backlogChart(data, { document: doc, width: 400, height: 200 }).ownerDocument === doc;
    }, BACKLOG);
    expect(ownerIsGiven).toBe(true);
    const empty = await harness.render('distributionChart', [], {}, ['text.empty']);
    expect(empty.marks['text.empty']).toHaveLength(1);
  });

  it('renders all five on one page and saves screenshots (test-results/charts/*.png)', async () => {
    const { page } = harness;
    await page.evaluate(() => document.body.replaceChildren());
    const sla16 = ['acknowledge', 'actionable', 'update', 'resolution'].flatMap((clock) =>
      ['P1', 'P2', 'P3', 'P4'].flatMap((p, k) =>
        SCENARIOS.map((scenario, s) => {
          const mean = Math.min(0.99, 0.8 + 0.04 * k + 0.05 * s - (clock === 'update' && p === 'P1' ? 0.4 : 0));
          return { label: `${clock} ${p}`, scenario, mean, lo: mean - 0.05, hi: Math.min(1, mean + 0.04), target: clock === 'acknowledge' ? 0.95 : 0.9 };
        }),
      ),
    );
    const charts: Array<[string, string, unknown, Record<string, unknown>]> = [
      ['sla', 'slaComplianceChart', SLA, {}],
      ['sla-16', 'slaComplianceChart', sla16, {}],
      ['distribution', 'distributionChart', DISTRIBUTION, { quantity: 'Resolution time' }],
      ['backlog', 'backlogChart', BACKLOG, { startLabel: 'Mon 6 Jan 2025' }],
      ['heatmap', 'occupancyHeatmap', OCCUPANCY, {}],
      ['staffing', 'staffingDemandChart', { arrivals: ARRIVALS, staffed: STAFFED }, {}],
    ];
    mkdirSync(SHOTS, { recursive: true });
    for (const [name, chart, data, options] of charts) {
      await harness.render(chart, data, options, [], `shot-${name}`);
      await page.locator(`#shot-${name}`).screenshot({ path: join(SHOTS, `${name}.png`) });
    }
    await page.screenshot({ path: join(SHOTS, 'all.png'), fullPage: true });
    const count = await page.evaluate(() => document.querySelectorAll('svg[role="img"]').length);
    expect(count).toBe(charts.length);
  });

  it('logged no console errors', () => {
    expect(harness.errors).toEqual([]);
  });
});
