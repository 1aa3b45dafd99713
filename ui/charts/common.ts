/** What every chart shares: the SVG root, text, axes styling, legends and hover columns. */
import * as d3 from 'd3';
import { DAY_NAMES } from './format.js';
import { GRID, INK, MUTED } from './palette.js';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const FONT_SIZE = 12;
export const DEFAULT_WIDTH = 560;
export const DEFAULT_HEIGHT = 300;
/** Estimated advance of one character at 12px: the SVG is built detached, so text is not measured. */
export const CHAR_WIDTH = 6.8;
export const LINE_HEIGHT = 15;

/** Options every chart takes. */
export interface ChartOptions {
  /** Width of the SVG in pixels (default 560). */
  width?: number;
  /** Height of the SVG in pixels (default 300). */
  height?: number;
  /** The document to create elements in (default the global document). */
  document?: Document;
  /** Replaces the generated accessible description. */
  ariaLabel?: string;
}

export type Svg = d3.Selection<SVGSVGElement, unknown, null, undefined>;
/** Any selection to draw into (an svg or a g). */
export type Sel = d3.Selection<any, any, any, any>;

export interface Frame {
  svg: Svg;
  width: number;
  height: number;
}

/** A fresh, detached <svg role="img"> with the chart's size, font and accessible description. */
export function createFrame(options: ChartOptions, className: string, ariaLabel: string): Frame {
  const doc = options.document ?? globalThis.document;
  if (!doc) throw new Error('supportsim charts need a document: pass options.document outside a browser');
  const width = Math.max(120, options.width ?? DEFAULT_WIDTH);
  const height = Math.max(100, options.height ?? DEFAULT_HEIGHT);
  const svg = d3
    .select(doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement)
    .attr('class', `supportsim-chart ${className}`)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', options.ariaLabel ?? ariaLabel)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', FONT_SIZE)
    .style('background', '#ffffff');
  return { svg, width, height };
}

/** Append a <title> (the tooltip) to every element of a selection. */
export function addTitle<E extends d3.BaseType, D>(selection: d3.Selection<E, D, any, any>, text: (d: D, i: number) => string): void {
  selection.append('title').text((d, i) => text(d, i));
}

/** Make a d3 axis inherit the chart's font (d3 sets 10px sans-serif) and use our ink. */
export function styleAxis(axis: Sel): void {
  axis.attr('font-size', null).attr('font-family', null);
  axis.selectAll('.domain').attr('stroke', MUTED);
  axis.selectAll('.tick line').attr('stroke', MUTED);
  axis.selectAll('.tick text').attr('fill', INK);
}

/** Horizontal grid lines at the ticks of a y scale. */
export function gridLines(parent: Sel, ticks: number[], y: (v: number) => number, innerWidth: number): void {
  parent
    .append('g')
    .attr('class', 'grid')
    .attr('aria-hidden', 'true')
    .selectAll('line')
    .data(ticks)
    .join('line')
    .attr('x1', 0)
    .attr('x2', innerWidth)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d))
    .attr('stroke', GRID)
    .attr('shape-rendering', 'crispEdges');
}

/** An axis title: 'bottom' centred under the plot, 'left'/'right' rotated beside it. */
export function axisLabel(parent: Sel, text: string, side: 'bottom' | 'left' | 'right', x: number, y: number): void {
  if (!text) return;
  const label = parent
    .append('text')
    .attr('class', `axis-label axis-label-${side}`)
    .attr('fill', INK)
    .attr('text-anchor', 'middle')
    .text(text);
  if (side === 'bottom') label.attr('x', x).attr('y', y);
  else label.attr('transform', `translate(${x},${y}) rotate(${side === 'left' ? -90 : 90})`);
}

export interface LegendItem {
  label: string;
  colour: string;
  /** How the swatch looks: a filled square, a line, a dashed line, a dot, or a whisker. */
  kind: 'rect' | 'line' | 'dashed' | 'dot' | 'whisker' | 'closed';
  /** Tooltip of the legend entry (default its label). */
  title?: string;
  opacity?: number;
}

const SWATCH = 16;

/** Height a legend of these items takes at most `maxWidth` wide. */
export function legendHeight(items: LegendItem[], maxWidth: number): number {
  return items.length === 0 ? 0 : layoutLegend(items, maxWidth).rows * LINE_HEIGHT + 6;
}

function layoutLegend(items: LegendItem[], maxWidth: number): { rows: number; positions: Array<[number, number]> } {
  let x = 0;
  let row = 0;
  const positions: Array<[number, number]> = [];
  for (const item of items) {
    const w = SWATCH + 5 + item.label.length * CHAR_WIDTH + 16;
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      row++;
    }
    positions.push([x, row]);
    x += w;
  }
  return { rows: row + 1, positions };
}

/** Draw a legend at (x, y) wrapping at `maxWidth`; `closedFill` fills 'closed' swatches. */
export function drawLegend(parent: Sel, items: LegendItem[], x: number, y: number, maxWidth: number, closedFill = '#d9d9d9'): void {
  if (items.length === 0) return;
  const { positions } = layoutLegend(items, maxWidth);
  const legend = parent.append('g').attr('class', 'legend').attr('transform', `translate(${x},${y})`);
  items.forEach((item, i) => {
    const [ix, row] = positions[i];
    const g = legend
      .append('g')
      .attr('class', 'legend-item')
      .attr('transform', `translate(${ix},${row * LINE_HEIGHT})`);
    g.append('title').text(item.title ?? item.label);
    const mid = LINE_HEIGHT / 2;
    switch (item.kind) {
      case 'rect':
      case 'closed':
        g.append('rect')
          .attr('x', 2)
          .attr('y', mid - 5)
          .attr('width', SWATCH - 4)
          .attr('height', 10)
          .attr('fill', item.kind === 'closed' ? closedFill : item.colour)
          .attr('fill-opacity', item.opacity ?? 1)
          .attr('stroke', item.kind === 'closed' ? '#999' : 'none');
        break;
      case 'dot':
        g.append('circle').attr('cx', SWATCH / 2).attr('cy', mid).attr('r', 4).attr('fill', item.colour);
        break;
      case 'whisker':
        g.append('path')
          .attr('d', `M${SWATCH / 2},${mid - 6}V${mid + 6}M${SWATCH / 2 - 4},${mid - 6}h8M${SWATCH / 2 - 4},${mid + 6}h8`)
          .attr('stroke', item.colour)
          .attr('stroke-width', 1.5)
          .attr('fill', 'none');
        break;
      default:
        g.append('line')
          .attr('x1', 0)
          .attr('x2', SWATCH)
          .attr('y1', mid)
          .attr('y2', mid)
          .attr('stroke', item.colour)
          .attr('stroke-width', 2)
          .attr('stroke-dasharray', item.kind === 'dashed' ? '5 3' : null);
    }
    g.append('text')
      .attr('x', SWATCH + 5)
      .attr('y', mid)
      .attr('dy', '0.35em')
      .attr('fill', INK)
      .text(item.label);
  });
}

/** A message in place of a chart when there is nothing to draw. */
export function emptyMessage(frame: Frame, text: string): SVGSVGElement {
  frame.svg
    .append('text')
    .attr('class', 'empty')
    .attr('x', frame.width / 2)
    .attr('y', frame.height / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', MUTED)
    .text(text);
  return frame.svg.node()!;
}

/**
 * Transparent columns over the plot, one per x interval, each with a tooltip: the way to read a
 * line's value (with its CI) at any point, since a path has only one tooltip.
 */
export function hoverColumns(parent: Sel, edges: Array<[number, number]>, height: number, text: (i: number) => string): void {
  parent
    .append('g')
    .attr('class', 'hover-columns')
    .selectAll('rect')
    .data(edges)
    .join('rect')
    .attr('class', 'hover')
    .attr('x', (d) => d[0])
    .attr('y', 0)
    .attr('width', (d) => Math.max(0.5, d[1] - d[0]))
    .attr('height', height)
    .attr('fill', 'transparent')
    .append('title')
    .text((_, i) => text(i));
}

/** Unique values in first-seen order. */
export function uniqueInOrder<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Largest finite value (or `fallback` if none). */
export function finiteMax(values: Iterable<number>, fallback = 0): number {
  let max = -Infinity;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  return max === -Infinity ? fallback : max;
}

/** A list of names for a description: 'A, B and C'. */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * An x axis over the hours of a week (a linear scale on [0, 168], Monday 00:00 first): a tick at
 * each midnight, small ticks every 6 hours and the day names centred in their days.
 */
export function weekAxis(parent: Sel, x: d3.ScaleLinear<number, number>, y: number): Sel {
  const axis = parent
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${y})`)
    .call(
      d3
        .axisBottom(x)
        .tickValues(d3.range(0, 169, 24))
        .tickFormat(() => '')
        .tickSize(8),
    );
  styleAxis(axis);
  axis
    .append('g')
    .attr('class', 'minor-ticks')
    .selectAll('line')
    .data(d3.range(6, 168, 6).filter((h) => h % 24 !== 0))
    .join('line')
    .attr('x1', (h) => x(h))
    .attr('x2', (h) => x(h))
    .attr('y2', 4)
    .attr('stroke', MUTED);
  axis
    .append('g')
    .attr('class', 'day-labels')
    .selectAll('text')
    .data(DAY_NAMES)
    .join('text')
    .attr('class', 'day-label')
    .attr('x', (_, d) => x(d * 24 + 12))
    .attr('y', 8)
    .attr('dy', '0.9em')
    .attr('text-anchor', 'middle')
    .attr('fill', INK)
    .text((d) => d);
  return axis;
}
