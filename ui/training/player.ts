import type { DeskReplay } from '../../sim/training/replay.js';
import { h, uid } from '../dom.js';

/**
 * Play, pause, single step and speed over a replay. Playing moves simulated time at `speed` times
 * real time (1x: a simulated second per second) and shows every event up to it; a step pauses and
 * shows exactly one more recorded event; seeking (the timeline) jumps to a time. The player owns
 * the position; `render` draws it.
 */
export const SPEEDS = [1, 10, 60, 300, 1000] as const;
export const DEFAULT_SPEED = 1000;

export type Render = (index: number, time: number, animateMs: number) => void;

export interface PlayerHandle {
  readonly element: HTMLElement;
  readonly index: number;
  readonly time: number;
  readonly playing: boolean;
  play(): void;
  pause(): void;
  step(): void;
  seek(time: number): void;
  /** Go to event index i (its time). */
  seekIndex(index: number): void;
  destroy(): void;
}

export function createPlayer(replay: DeskReplay, render: Render, options: { speed?: number; onChange?: () => void } = {}): PlayerHandle {
  const trace = replay.trace;
  const end = trace.coveredMinutes;
  let index = 0;
  let time = 0;
  let playing = false;
  let speed = options.speed ?? DEFAULT_SPEED;
  let frame = 0;
  let last = 0;

  const playButton = h('button', { type: 'button', id: 'training-play', class: 'primary', 'aria-pressed': 'false' }, 'Play');
  const stepButton = h('button', { type: 'button', id: 'training-step', title: 'Show exactly one more recorded event' }, 'Step');
  const speedId = uid('speed');
  const speedSelect = h(
    'select',
    { id: speedId },
    SPEEDS.map((s) => h('option', { value: String(s), selected: s === speed }, `${s}x`)),
  );
  speedSelect.value = String(speed);
  const element = h(
    'div',
    { class: 'player-controls', role: 'group', 'aria-label': 'Replay controls' },
    playButton,
    stepButton,
    h('label', { for: speedId, class: 'speed-label' }, 'Speed'),
    speedSelect,
    h('span', { class: 'speed-hint' }, 'simulated time (1x = real time)'),
  );

  const show = (animateMs: number) => {
    render(index, time, animateMs);
    options.onChange?.();
  };

  const setPlaying = (on: boolean) => {
    playing = on;
    playButton.textContent = on ? 'Pause' : 'Play';
    playButton.setAttribute('aria-pressed', String(on));
    if (on) {
      last = performance.now();
      frame = requestAnimationFrame(tick);
    } else {
      cancelAnimationFrame(frame);
    }
    options.onChange?.();
  };

  function tick(now: number): void {
    if (!playing) return;
    const dt = Math.min(0.25, (now - last) / 1000);
    last = now;
    time = Math.min(end, time + (dt * speed) / 60);
    index = Math.max(index, replay.indexAtTime(time));
    // At high speed several events land per frame: shorter slides keep marks with the picture.
    show(speed >= 300 ? 120 : 220);
    if (time >= end) {
      setPlaying(false);
      return;
    }
    frame = requestAnimationFrame(tick);
  }

  const handle: PlayerHandle = {
    element,
    get index() {
      return index;
    },
    get time() {
      return time;
    },
    get playing() {
      return playing;
    },
    play() {
      if (time >= end) {
        time = 0;
        index = 0;
      }
      setPlaying(true);
    },
    pause() {
      setPlaying(false);
    },
    step() {
      if (playing) setPlaying(false);
      if (index >= trace.count) return;
      index++;
      time = Math.max(time, trace.time[index - 1]);
      show(250);
    },
    seek(t: number) {
      time = Math.max(0, Math.min(end, t));
      index = replay.indexAtTime(time);
      show(0);
    },
    seekIndex(i: number) {
      index = Math.max(0, Math.min(trace.count, Math.round(i)));
      time = index > 0 ? trace.time[index - 1] : 0;
      show(0);
    },
    destroy() {
      playing = false;
      cancelAnimationFrame(frame);
    },
  };

  playButton.addEventListener('click', () => (playing ? handle.pause() : handle.play()));
  stepButton.addEventListener('click', () => handle.step());
  speedSelect.addEventListener('change', () => {
    speed = Number(speedSelect.value);
  });
  return handle;
}
