import * as d3 from 'd3';
import type { DeskReplay } from '../../sim/training/replay.js';
import { h, uid } from '../dom.js';
import { clockText, weekday } from './clock.js';

/**
 * The run on one line: tickets open and tickets queued over the recorded time (business hours
 * shaded, a tick per day), a cursor at the current time, and a slider under it to scrub back and
 * forth. Dragging on the chart scrubs too; the slider is the keyboard's and screen reader's way.
 */
export interface TimelineHandle {
  readonly element: HTMLElement;
  readonly slider: HTMLInputElement;
  update(time: number): void;
  resize(width: number): void;
}

const HEIGHT = 64;
const MARGIN = { left: 34, right: 8, top: 6, bottom: 16 };

export function createTimeline(replay: DeskReplay, initialWidth: number, onScrub: (time: number) => void): TimelineHandle {
  const trace = replay.trace;
  const picture = trace.picture;
  const end = Math.max(1, trace.coveredMinutes);
  const id = uid('timeline');
  const slider = h('input', {
    type: 'range',
    id,
    class: 'timeline-slider',
    min: 0,
    max: Math.ceil(end),
    step: 1,
    value: 0,
  });
  const label = h('label', { for: id, class: 'visually-hidden' }, 'Simulated time (scrub the timeline)');
  const chartHost = h('div', { class: 'timeline-chart' });
  const caption = h(
    'p',
    { class: 'timeline-caption' },
    h('span', { class: 'key open' }),
    'tickets open',
    h('span', { class: 'key queued' }),
    'waiting in a queue',
    h('span', { class: 'key business' }),
    'business hours',
  );
  const element = h('div', { class: 'timeline' }, caption, chartHost, label, slider);
  let width = initialWidth;
  let x = d3.scaleLinear().domain([0, end]);
  let cursor: d3.Selection<SVGLineElement, undefined, null, undefined> | null = null;

  function draw(): void {
    chartHost.replaceChildren();
    x = d3.scaleLinear().domain([0, end]).range([MARGIN.left, width - MARGIN.right]);
    // One point per pixel: the most tickets open (queued) during that pixel's span.
    const px = Math.max(1, Math.floor(width - MARGIN.left - MARGIN.right));
    const open = new Array<number>(px);
    const queued = new Array<number>(px);
    let i = 0;
    let level = 0;
    let queueLevel = 0;
    for (let k = 0; k < px; k++) {
      const until = ((k + 1) / px) * end;
      let most = level;
      let mostQueued = queueLevel;
      for (; i < trace.count && trace.time[i] < until; i++) {
        level = replay.openAfter[i];
        queueLevel = replay.queuedAfter[i];
        if (level > most) most = level;
        if (queueLevel > mostQueued) mostQueued = queueLevel;
      }
      open[k] = most;
      queued[k] = mostQueued;
    }
    const top = Math.max(1, d3.max(open) ?? 1);
    const y = d3.scaleLinear().domain([0, top]).nice(3).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const svg = d3.create('svg').attr('width', width).attr('height', HEIGHT).attr('class', 'timeline-svg').attr('aria-hidden', 'true');
    const hours = picture.businessHours;
    for (let i = 0; i < hours.length; i += 2) {
      if (hours[i] >= end) break;
      svg.append('rect').attr('class', 'business').attr('x', x(hours[i])).attr('width', Math.max(0, x(Math.min(end, hours[i + 1])) - x(hours[i]))).attr('y', MARGIN.top).attr('height', HEIGHT - MARGIN.top - MARGIN.bottom);
    }
    const at = (k: number) => MARGIN.left + k;
    const area = d3.area<number>().x((_, k) => at(k)).y0(y(0)).y1((v) => y(v)).curve(d3.curveStepAfter);
    svg.append('path').attr('class', 'open-area').attr('d', area(open));
    svg.append('path').attr('class', 'queued-line').attr('d', d3.line<number>().x((_, k) => at(k)).y((v) => y(v)).curve(d3.curveStepAfter)(queued));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(3).tickSize(3));
    const days = d3.range(0, end, 1440);
    const ticks = svg.append('g').attr('class', 'day-ticks');
    for (const d of days) {
      ticks.append('line').attr('x1', x(d)).attr('x2', x(d)).attr('y1', MARGIN.top).attr('y2', HEIGHT - MARGIN.bottom + 3);
      ticks.append('text').attr('x', x(d) + 3).attr('y', HEIGHT - 3).text(weekday(picture, d));
    }
    cursor = svg.append('line').attr('class', 'cursor').attr('y1', MARGIN.top - 2).attr('y2', HEIGHT - MARGIN.bottom + 2);
    const node = svg.node() as SVGSVGElement;
    const scrubAt = (event: PointerEvent) => {
      const rect = node.getBoundingClientRect();
      onScrub(Math.max(0, Math.min(end, x.invert(event.clientX - rect.left))));
    };
    node.addEventListener('pointerdown', (event) => {
      node.setPointerCapture(event.pointerId);
      scrubAt(event);
      const move = (e: PointerEvent) => scrubAt(e);
      const up = () => {
        node.removeEventListener('pointermove', move);
        node.removeEventListener('pointerup', up);
      };
      node.addEventListener('pointermove', move);
      node.addEventListener('pointerup', up);
    });
    chartHost.append(node);
    slider.style.marginLeft = `${MARGIN.left}px`;
    slider.style.width = `${width - MARGIN.left - MARGIN.right}px`;
  }

  slider.addEventListener('input', () => onScrub(Number(slider.value)));

  function update(time: number): void {
    slider.value = String(Math.round(time));
    slider.setAttribute('aria-valuetext', clockText(picture, time));
    cursor?.attr('x1', x(time)).attr('x2', x(time));
  }

  draw();
  return {
    element,
    slider,
    update,
    resize(w: number) {
      width = w;
      draw();
    },
  };
}
