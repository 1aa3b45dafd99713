import * as d3 from 'd3';
import { axisLabel, CHAR_WIDTH, createFrame, drawLegend, gridLines, legendHeight, styleAxis, addTitle, type LegendItem } from '../charts/common.js';
import { INK, MUTED, scenarioColour } from '../charts/palette.js';
import type { BarItem, CurveSeries, LessonChart } from './lessons/experiment.js';

/**
 * The small chart beside a lesson's answer: a curve with 95% CI bands (simulated) and dashed
 * lines (formulas) plus the control's current point, or horizontal bars with CI whiskers.
 */
export function lessonChart(chart: LessonChart, width: number): SVGSVGElement {
  return chart.kind === 'curve' ? curveChart(chart, width) : barChart(chart, width);
}

type Curve = Extract<LessonChart, { kind: 'curve' }>;
type Bars = Extract<LessonChart, { kind: 'bars' }>;

const HEIGHT = 270;

/** Round steps for a duration axis, in minutes: 1 min ... 1 week. */
const DURATION_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 2880, 4320, 10080];

/** About `count` ticks from 0 to `max` minutes at a round duration step. */
export function durationTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const step = DURATION_STEPS.find((s) => max / s <= count) ?? Math.ceil(max / count / 10080) * 10080;
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** A scale's ticks: round durations, or d3's. */
function ticksOf(scale: d3.ScaleLinear<number, number>, kind: 'duration' | undefined, count: number): number[] {
  if (kind !== 'duration') return scale.ticks(count);
  const [lo, hi] = scale.domain();
  return durationTicks(hi, count).filter((t) => t >= lo);
}

function curveChart(chart: Curve, width: number): SVGSVGElement {
  const legend: LegendItem[] = chart.series.map((s, i) => ({ label: s.name, colour: colourOf(s, i), kind: s.formula ? 'dashed' : 'line' }));
  if (chart.current) legend.push({ label: `Now: ${chart.current.label}`, colour: INK, kind: 'dot' });
  const margin = { top: 10 + legendHeight(legend, width - 20), right: 16, bottom: 44, left: 76 };
  const frame = createFrame({ width, height: HEIGHT + margin.top }, 'lesson-chart lesson-curve', describeCurve(chart));
  const inner = { w: frame.width - margin.left - margin.right, h: frame.height - margin.top - margin.bottom };
  const all = chart.series.flatMap((s) => s.points);
  const xs = d3.extent(all, (p) => p.x) as [number, number];
  const yMax = d3.max(all, (p) => (Number.isFinite(p.hi) ? Math.max(p.hi, p.mean) : p.mean)) ?? 1;
  const x = d3.scaleLinear().domain(xs).range([0, inner.w]);
  const top = yMax > 0 ? yMax * 1.05 : 1;
  const yTicks0 = chart.yTicks === 'duration' ? durationTicks(top) : [];
  const y = d3
    .scaleLinear()
    .domain([0, chart.yTicks === 'duration' ? Math.max(top, yTicks0[yTicks0.length - 1]) : top])
    .range([inner.h, 0]);
  if (chart.yTicks !== 'duration') y.nice();
  const yTicks = ticksOf(y, chart.yTicks, 5);
  drawLegend(frame.svg, legend, 10, 4, width - 20);
  const g = frame.svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  gridLines(g, yTicks, y, inner.w);
  const bottom = d3.axisBottom(x).tickFormat((v) => chart.formatX(Number(v)));
  if (chart.xTicks) bottom.tickValues(chart.xTicks);
  else bottom.ticks(Math.max(2, Math.floor(inner.w / 70)));
  const xAxis = g.append('g').attr('transform', `translate(0,${inner.h})`).call(bottom);
  styleAxis(xAxis);
  const yAxis = g.append('g').call(d3.axisLeft(y).tickValues(yTicks).tickFormat((v) => chart.formatY(Number(v))));
  styleAxis(yAxis);
  axisLabel(g, chart.xLabel, 'bottom', inner.w / 2, inner.h + 36);
  axisLabel(g, chart.yLabel, 'left', -62, inner.h / 2);
  const finite = (p: { mean: number }) => Number.isFinite(p.mean);
  chart.series.forEach((s, i) => {
    const colour = colourOf(s, i);
    const points = s.points.filter(finite);
    if (!s.formula) {
      const band = points.filter((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi));
      g.append('path')
        .datum(band)
        .attr('class', 'ci-band')
        .attr('fill', colour)
        .attr('fill-opacity', 0.18)
        .attr('stroke', 'none')
        .attr('d', d3.area<(typeof band)[number]>().x((p) => x(p.x)).y0((p) => y(Math.max(y.domain()[0], p.lo))).y1((p) => y(Math.min(y.domain()[1], p.hi))));
    }
    g.append('path')
      .datum(points)
      .attr('class', s.formula ? 'formula-line' : 'mean-line')
      .attr('fill', 'none')
      .attr('stroke', colour)
      // Earlier series drawn wider, so a later one lying on top of it leaves it visible.
      .attr('stroke-width', s.formula ? 2 : 2 + 2.5 * (chart.series.length - 1 - i))
      .attr('stroke-opacity', s.formula ? 1 : 0.9)
      .attr('stroke-dasharray', s.formula ? '6 4' : null)
      .attr('d', d3.line<(typeof points)[number]>().x((p) => x(p.x)).y((p) => y(Math.min(y.domain()[1], p.mean))));
    if (!s.formula && points.length <= 40) {
      const dots = g
        .append('g')
        .selectAll('circle')
        .data(points)
        .join('circle')
        .attr('cx', (p) => x(p.x))
        .attr('cy', (p) => y(p.mean))
        .attr('r', 3)
        .attr('fill', colour);
      addTitle(dots, (p) => `${chart.formatX(p.x)}: ${chart.formatY(p.mean)} (95% CI ${chart.formatY(p.lo)}–${chart.formatY(p.hi)})`);
    }
  });
  const current = chart.current;
  if (current && Number.isFinite(current.y)) {
    const cx = x(current.x);
    const cy = y(Math.min(y.domain()[1], current.y));
    g.append('circle').attr('class', 'current-point').attr('cx', cx).attr('cy', cy).attr('r', 7).attr('fill', 'none').attr('stroke', INK).attr('stroke-width', 2.5);
    const text = `${current.label}: ${chart.formatY(current.y)}`;
    const right = cx + 12 + text.length * CHAR_WIDTH < inner.w;
    g.append('text')
      .attr('class', 'current-label')
      .attr('x', right ? cx + 12 : cx - 12)
      .attr('y', Math.max(12, cy - 10))
      .attr('text-anchor', right ? 'start' : 'end')
      .attr('fill', INK)
      .attr('font-weight', 600)
      .text(text);
  }
  return frame.svg.node() as SVGSVGElement;
}

function barChart(chart: Bars, width: number): SVGSVGElement {
  const legend: LegendItem[] = chart.groups.map((label, i) => ({ label, colour: scenarioColour(i), kind: 'rect' }));
  legend.push({ label: '95% CI', colour: INK, kind: 'whisker' });
  const labelWidth = Math.min(width * 0.5, 14 + CHAR_WIDTH * d3.max(chart.bars, (b) => b.label.length)!);
  const rowHeight = 22;
  const margin = { top: 10 + legendHeight(legend, width - 20), right: 24, bottom: 44, left: labelWidth };
  const height = margin.top + margin.bottom + rowHeight * chart.bars.length;
  const frame = createFrame({ width, height }, 'lesson-chart lesson-bars', describeBars(chart));
  const inner = { w: frame.width - margin.left - margin.right, h: frame.height - margin.top - margin.bottom };
  const lo = Math.min(0, d3.min(chart.bars, (b) => (Number.isFinite(b.lo) ? b.lo : b.mean)) ?? 0);
  const hi = d3.max(chart.bars, (b) => (Number.isFinite(b.hi) ? Math.max(b.hi, b.mean) : b.mean)) ?? 1;
  const top = hi > lo ? hi * 1.05 : lo + 1;
  const durationTop = chart.yTicks === 'duration' ? durationTicks(top, 4) : [];
  const x = d3
    .scaleLinear()
    .domain([lo, chart.yTicks === 'duration' ? Math.max(top, durationTop[durationTop.length - 1]) : top])
    .range([0, inner.w]);
  if (chart.yTicks !== 'duration') x.nice();
  const y = d3
    .scaleBand<number>()
    .domain(chart.bars.map((_, i) => i))
    .range([0, inner.h])
    .padding(0.2);
  drawLegend(frame.svg, legend, 10, 4, width - 20);
  const g = frame.svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  const xAxis = g
    .append('g')
    .attr('transform', `translate(0,${inner.h})`)
    .call(d3.axisBottom(x).tickValues(ticksOf(x, chart.yTicks, Math.max(2, Math.floor(inner.w / 80)))).tickFormat((v) => chart.formatY(Number(v))));
  styleAxis(xAxis);
  axisLabel(g, chart.yLabel, 'bottom', inner.w / 2, inner.h + 36);
  const row = g
    .append('g')
    .selectAll('g')
    .data(chart.bars)
    .join('g')
    .attr('class', (b: BarItem) => (b.current ? 'bar current' : 'bar'))
    .attr('transform', (_, i) => `translate(0,${y(i)})`);
  row
    .append('text')
    .attr('x', -8)
    .attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('fill', (b) => (b.current ? INK : MUTED))
    .attr('font-weight', (b) => (b.current ? 600 : null))
    .text((b) => truncate(b.label, Math.floor((labelWidth - 12) / CHAR_WIDTH)));
  const rects = row
    .append('rect')
    .attr('x', (b) => x(Math.min(0, b.mean)))
    .attr('width', (b) => (Number.isFinite(b.mean) ? Math.abs(x(b.mean) - x(0)) : 0))
    .attr('height', y.bandwidth())
    .attr('fill', (b) => scenarioColour(b.group))
    .attr('fill-opacity', (b) => (b.current ? 0.95 : 0.4));
  addTitle(rects, (b) => `${b.label}: ${chart.formatY(b.mean)} (95% CI ${chart.formatY(b.lo)}–${chart.formatY(b.hi)})`);
  const whiskers = row.filter((b) => Number.isFinite(b.lo) && Number.isFinite(b.hi) && b.hi > b.lo);
  const mid = y.bandwidth() / 2;
  whiskers.append('line').attr('x1', (b) => x(b.lo)).attr('x2', (b) => x(b.hi)).attr('y1', mid).attr('y2', mid).attr('stroke', INK).attr('stroke-width', 1.5);
  for (const end of ['lo', 'hi'] as const) {
    whiskers
      .append('line')
      .attr('x1', (b) => x(b[end]))
      .attr('x2', (b) => x(b[end]))
      .attr('y1', mid - 5)
      .attr('y2', mid + 5)
      .attr('stroke', INK)
      .attr('stroke-width', 1.5);
  }
  return frame.svg.node() as SVGSVGElement;
}

function colourOf(s: CurveSeries, i: number): string {
  return s.formula ? INK : scenarioColour(i);
}

function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

function describeCurve(chart: Curve): string {
  const parts = chart.series.map((s) => {
    const pts = s.points.filter((p) => Number.isFinite(p.mean));
    if (pts.length === 0) return `${s.name}: no values`;
    const first = pts[0];
    const last = pts[pts.length - 1];
    return `${s.name} from ${chart.formatY(first.mean)} at ${chart.formatX(first.x)} to ${chart.formatY(last.mean)} at ${chart.formatX(last.x)}`;
  });
  const now = chart.current ? `; now ${chart.current.label}: ${chart.formatY(chart.current.y)}` : '';
  return `${chart.title}. ${parts.join('; ')}${now}.`;
}

function describeBars(chart: Bars): string {
  return `${chart.title}. ${chart.bars.map((b) => `${b.label}: ${chart.formatY(b.mean)}`).join('; ')}.`;
}
