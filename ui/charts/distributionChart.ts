/** Distribution of a duration: an ECDF per scenario (step line of share against time) with P50/P90/P95 marks. */
import * as d3 from 'd3';
import {
  addTitle,
  axisLabel,
  createFrame,
  drawLegend,
  emptyMessage,
  gridLines,
  legendHeight,
  listNames,
  styleAxis,
  uniqueInOrder,
  type ChartOptions,
  type LegendItem,
} from './common.js';
import { formatDuration, formatPercent } from './format.js';
import { GRID, MUTED, scenarioColour } from './palette.js';

export interface DistributionSeries {
  scenario: string;
  /** Increasing probabilities in (0, 1), e.g. DISTRIBUTION_GRID (1 %, 5 %, 10 %, …, 95 %, 99 %). */
  probabilities: number[];
  /** The quantile values at those probabilities (durations in minutes). */
  values: number[];
}

export interface DistributionChartOptions extends ChartOptions {
  /** Unit of the values (durations in minutes, the only one so far). */
  unit?: 'minutes';
  /** Probabilities to mark on each curve (default [0.5, 0.9, 0.95]). */
  marks?: number[];
  /** What is measured, for the axis and tooltips (default 'Time'), e.g. 'Resolution time'. */
  quantity?: string;
  /** Time axis: 'auto' (default) is logarithmic when the largest value exceeds 100 × the smallest positive one. */
  scale?: 'auto' | 'log' | 'linear';
}

/** Nice durations (minutes) for a log axis: 1 s … 1 year. */
const NICE_MINUTES = [
  1 / 60, 5 / 60, 15 / 60, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 720, 1440, 2 * 1440, 4 * 1440, 7 * 1440, 14 * 1440, 30 * 1440,
  60 * 1440, 90 * 1440, 180 * 1440, 365 * 1440,
];

/** The value at probability p, interpolating linearly between grid points (NaN outside the grid). */
export function quantileAt(probabilities: readonly number[], values: readonly number[], p: number): number {
  const n = Math.min(probabilities.length, values.length);
  for (let i = 0; i < n; i++) {
    if (Math.abs(probabilities[i] - p) < 1e-9) return values[i];
    if (probabilities[i] > p) {
      if (i === 0) return NaN;
      const t = (p - probabilities[i - 1]) / (probabilities[i] - probabilities[i - 1]);
      return values[i - 1] + t * (values[i] - values[i - 1]);
    }
  }
  return NaN;
}

const markName = (p: number) => `P${+(p * 100).toFixed(1)}`;

/** ECDF step lines (share of tickets at or below a duration) per scenario, with quantile marks. */
export function distributionChart(data: readonly DistributionSeries[], options: DistributionChartOptions = {}): SVGSVGElement {
  const marks = options.marks ?? [0.5, 0.9, 0.95];
  const quantity = options.quantity ?? 'Time';
  const series = data.map((d, i) => {
    const n = Math.min(d.probabilities.length, d.values.length);
    const points = d3.range(n).map((j) => ({ p: d.probabilities[j], v: d.values[j] })).filter((pt) => Number.isFinite(pt.p) && Number.isFinite(pt.v));
    return {
      scenario: d.scenario,
      colour: scenarioColour(i),
      points,
      marks: marks.map((p) => ({ p, v: quantileAt(d.probabilities, d.values, p) })).filter((m) => Number.isFinite(m.v)),
    };
  });
  const scenarios = uniqueInOrder(series.map((s) => s.scenario));
  const all = series.flatMap((s) => s.points.map((pt) => pt.v));
  const positive = all.filter((v) => v > 0);
  const max = d3.max(all) ?? 0;
  const minPositive = d3.min(positive) ?? 0;
  const log = options.scale === 'log' ? positive.length > 0 : options.scale === 'linear' ? false : positive.length > 0 && max / minPositive > 100;

  const summary = (s: (typeof series)[number]) => s.marks.map((m) => `${markName(m.p)} ${formatDuration(m.v)}`).join(' · ');
  const description =
    `${quantity} distribution (share of tickets at or below each duration, ${log ? 'logarithmic' : 'linear'} time axis) for ` +
    `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}: ` +
    series.map((s) => `${s.scenario}${s.marks.length ? ` (${summary(s)})` : ''}`).join('; ') +
    '.';
  const frame = createFrame(options, 'distribution-chart', description);
  if (all.length === 0) return emptyMessage(frame, 'No distribution to show');
  const { svg, width, height } = frame;

  const legendItems: LegendItem[] =
    series.length > 1 || marks.length > 0
      ? series.map((s) => ({
          label: s.marks.length ? `${s.scenario}: ${summary(s)}` : s.scenario,
          colour: s.colour,
          kind: 'line' as const,
          title: `${s.scenario}: ${quantity.toLowerCase()} ${summary(s)}`,
        }))
      : [];
  const margin = { top: 10 + legendHeight(legendItems, width - 70), right: 40, bottom: 46, left: 58 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = Math.max(40, height - margin.top - margin.bottom);
  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  const y = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0]);

  // Time axis: on a log axis zeros (and anything below the smallest nice duration) sit at the left edge.
  let x: d3.ScaleContinuousNumeric<number, number>;
  let xTicks: number[];
  if (log) {
    const lo = [...NICE_MINUTES].reverse().find((v) => v <= minPositive) ?? NICE_MINUTES[0];
    const hi = NICE_MINUTES.find((v) => v >= max) ?? max;
    x = d3.scaleLog().domain([lo, hi]).range([0, innerWidth]).clamp(true);
    // Keep ticks at least 44 px apart, always keeping both ends.
    const candidates = NICE_MINUTES.filter((v) => v >= lo && v <= hi);
    xTicks = [];
    for (const v of candidates) {
      const last = xTicks[xTicks.length - 1];
      if (last === undefined || x(v) - x(last) >= 44) xTicks.push(v);
    }
    if (xTicks[xTicks.length - 1] !== hi) {
      if (xTicks.length > 1 && x(hi) - x(xTicks[xTicks.length - 1]) < 44) xTicks.pop();
      xTicks.push(hi);
    }
  } else {
    // Linear: ticks at round numbers of the unit the data is best read in.
    const unit = max <= 120 ? 1 : max <= 72 * 60 ? 60 : 1440;
    const scale = d3.scaleLinear().domain([0, Math.max(max, 1e-9) / unit]).nice(6);
    x = d3.scaleLinear().domain(scale.domain().map((v) => v * unit)).range([0, innerWidth]).clamp(true);
    xTicks = scale.ticks(Math.max(2, Math.floor(innerWidth / 70))).map((v) => v * unit);
  }

  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  gridLines(plot, yTicks, y, innerWidth);
  plot
    .append('g')
    .attr('class', 'grid grid-x')
    .attr('aria-hidden', 'true')
    .selectAll('line')
    .data(xTicks)
    .join('line')
    .attr('x1', (v) => x(v))
    .attr('x2', (v) => x(v))
    .attr('y1', 0)
    .attr('y2', innerHeight)
    .attr('stroke', GRID);
  const yAxis = plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(d3.axisLeft(y).tickValues(yTicks).tickFormat((v) => formatPercent(Number(v), 0)));
  styleAxis(yAxis);
  const xAxis = plot
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${innerHeight})`)
    .call(d3.axisBottom(x).tickValues(xTicks).tickFormat((v) => formatDuration(Number(v))));
  styleAxis(xAxis);
  axisLabel(svg, 'Tickets at or below (%)', 'left', 15, margin.top + innerHeight / 2);
  axisLabel(svg, `${quantity}${log ? ' (log scale)' : ''}`, 'bottom', margin.left + innerWidth / 2, height - 8);

  // Guide lines at the marked probabilities, named at the right edge.
  const guides = plot.append('g').attr('class', 'mark-guides');
  for (const p of marks) {
    guides
      .append('line')
      .attr('class', 'mark-guide')
      .attr('x1', 0)
      .attr('x2', innerWidth)
      .attr('y1', y(p))
      .attr('y2', y(p))
      .attr('stroke', MUTED)
      .attr('stroke-width', 1)
      .attr('stroke-dasharray', '2 3');
  }
  // Labels spread so that close probabilities (P90, P95) do not overlap.
  const labelYs = marks.map((p) => y(p)).sort((a, b) => a - b);
  for (let i = 1; i < labelYs.length; i++) labelYs[i] = Math.max(labelYs[i], labelYs[i - 1] + 12);
  [...marks]
    .sort((a, b) => b - a)
    .forEach((p, i) => {
      guides
        .append('text')
        .attr('class', 'mark-label')
        .attr('x', innerWidth + 4)
        .attr('y', labelYs[i])
        .attr('dy', '0.35em')
        .attr('fill', MUTED)
        .text(markName(p))
        .append('title')
        .text(`${markName(p)}: ${formatPercent(p, 0)} of tickets at or below the marked duration`);
    });

  // Step line from 0 % at the left edge: F stays at p_i from the i-th quantile to the next.
  const left = x.domain()[0];
  const line = d3
    .line<{ p: number; v: number }>()
    .x((d) => x(d.v))
    .y((d) => y(d.p))
    .curve(d3.curveStepAfter);
  const curves = plot
    .append('g')
    .attr('class', 'curves')
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('class', 'ecdf')
    .attr('fill', 'none')
    .attr('stroke', (s) => s.colour)
    .attr('stroke-width', 2)
    .attr('stroke-linejoin', 'round')
    .attr('d', (s) => line([{ p: 0, v: left }, ...s.points]) ?? '');
  addTitle(curves, (s) => `${s.scenario}: ${quantity.toLowerCase()}, ${summary(s) || 'no marks'}`);

  // Each grid point as a hover target: '35 % of tickets within 20 min'.
  plot
    .append('g')
    .attr('class', 'ecdf-points')
    .selectAll('g')
    .data(series)
    .join('g')
    .selectAll('circle')
    .data((s) => s.points.map((pt) => ({ ...pt, s })))
    .join('circle')
    .attr('class', 'ecdf-point')
    .attr('cx', (d) => x(d.v))
    .attr('cy', (d) => y(d.p))
    .attr('r', 5)
    .attr('fill', 'transparent')
    .append('title')
    .text((d) => `${d.s.scenario}: ${formatPercent(d.p, 0)} of tickets within ${formatDuration(d.v)} (${quantity.toLowerCase()})`);

  // Quantile marks: a dot on the curve and a tick on the time axis, in the scenario's colour.
  const markData = series.flatMap((s) => s.marks.map((m) => ({ ...m, s })));
  const markTitle = (d: (typeof markData)[number]) => `${d.s.scenario} ${markName(d.p)}: ${formatDuration(d.v)} (${formatPercent(d.p, 0)} of tickets at or below; ${quantity.toLowerCase()})`;
  const ticks = plot
    .append('g')
    .attr('class', 'quantile-ticks')
    .selectAll('line')
    .data(markData)
    .join('line')
    .attr('class', 'quantile-tick')
    .attr('x1', (d) => x(d.v))
    .attr('x2', (d) => x(d.v))
    .attr('y1', innerHeight - 7)
    .attr('y2', innerHeight)
    .attr('stroke', (d) => d.s.colour)
    .attr('stroke-width', 2);
  addTitle(ticks, markTitle);
  const dots = plot
    .append('g')
    .attr('class', 'quantile-marks')
    .selectAll('circle')
    .data(markData)
    .join('circle')
    .attr('class', 'quantile-mark')
    .attr('data-p', (d) => d.p)
    .attr('cx', (d) => x(d.v))
    .attr('cy', (d) => y(d.p))
    .attr('r', 4)
    .attr('fill', (d) => d.s.colour)
    .attr('stroke', '#ffffff')
    .attr('stroke-width', 1.5);
  addTitle(dots, markTitle);

  drawLegend(svg, legendItems, margin.left, 6, width - margin.left - 20);
  return svg.node()!;
}
