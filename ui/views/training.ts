import type { Scenario } from '../../sim/model/scenario.js';
import { DeskReplay, kpisOf } from '../../sim/training/replay.js';
import { TRACE_DEFAULTS } from '../../sim/training/record.js';
import type { DeskTrace } from '../../sim/training/trace.js';
import type { AppContext } from '../context.js';
import { h, onWidthChange, replaceChildren, uid } from '../dom.js';
import { clockText, inBusinessHours } from '../training/clock.js';
import { createDeskPicture, SLA_COLOURS, type DeskPictureHandle } from '../training/deskPicture.js';
import { describeEvent } from '../training/eventText.js';
import { createKpiPanel } from '../training/kpiPanel.js';
import { LESSONS, mountLessonPanel, type Lesson } from '../training/lesson.js';
import { createPlayer, DEFAULT_SPEED, type PlayerHandle } from '../training/player.js';
import { createTimeline, type TimelineHandle } from '../training/timeline.js';
import { abandonTraces, recordTrace } from '../training/traceClient.js';

/**
 * `#/training[?lesson=<id>|?scenario=<id>][&days=n]`: watch a desk work. A short run (the first
 * days of one replication, at most TRACE_DEFAULTS.maxEvents events) is recorded in a background
 * worker and replayed here: play, pause, step one event, speed, scrub the timeline, the KPIs as
 * they form. With a lesson, its panel sits beside the desk and every move of its control replays
 * the changed desk, at the same point in time.
 */

const DEFAULT_SCENARIO = 'bundled:seed-defaults';
const DAY_CHOICES = [1, 2, 3] as const;

export function renderTraining(root: HTMLElement, ctx: AppContext, params: URLSearchParams): () => void {
  const { store } = ctx;
  const lesson: Lesson | undefined = LESSONS.find((l) => l.id === params.get('lesson'));
  const fromUrl = params.get('scenario');
  let scenarioId = [fromUrl, DEFAULT_SCENARIO].find((id): id is string => !!id && store.get(id) !== undefined) ?? store.list()[0]?.id ?? DEFAULT_SCENARIO;
  const daysParam = Number(params.get('days'));
  let days: number = (DAY_CHOICES as readonly number[]).includes(daysParam) ? daysParam : TRACE_DEFAULTS.days;
  const controller = new AbortController();

  // ---- choices ---------------------------------------------------------------------------------
  const lessonList = h(
    'ul',
    { class: 'lesson-list' },
    LESSONS.map((l) =>
      h(
        'li',
        {},
        h('a', { href: `#/training?lesson=${encodeURIComponent(l.id)}`, 'aria-current': l.id === lesson?.id ? 'page' : null, 'data-lesson': l.id }, l.title),
        h('span', { class: 'lesson-pick-summary' }, l.summary),
      ),
    ),
  );
  const scenarioSelectId = uid('training-scenario');
  const scenarioSelect = h(
    'select',
    { id: scenarioSelectId },
    store.list().map((s) => h('option', { value: s.id }, `${store.name(s.id)}${s.bundled ? '' : ' (yours)'}`)),
  );
  scenarioSelect.value = scenarioId;
  const daysId = uid('training-days');
  const daysSelect = h('select', { id: daysId }, DAY_CHOICES.map((d) => h('option', { value: String(d) }, d === 1 ? '1 day' : `${d} days`)));
  daysSelect.value = String(days);
  const setup = h(
    'div',
    { class: 'training-setup' },
    lesson ? null : [h('label', { for: scenarioSelectId }, 'Scenario'), scenarioSelect],
    h('label', { for: daysId }, 'Replay the first'),
    daysSelect,
    lesson ? h('a', { href: '#/training', class: 'button' }, 'Leave the lesson') : null,
  );

  // ---- the stage -------------------------------------------------------------------------------
  const note = h('p', { class: 'trace-note', id: 'training-note' });
  const clock = h('div', { class: 'sim-clock', id: 'training-clock' });
  const hoursBadge = h('span', { class: 'hours-badge', id: 'training-hours' });
  const counter = h('span', { class: 'event-counter', id: 'training-counter' });
  const playerHost = h('div', { class: 'player-host' });
  const timelineHost = h('div', { class: 'timeline-host' });
  const pictureHost = h('div', { class: 'picture-host', id: 'training-picture' });
  const lastEvent = h('p', { class: 'last-event', id: 'training-last-event', 'aria-live': 'polite' });
  const legend = h(
    'ul',
    { class: 'training-legend', 'aria-label': 'How to read the picture' },
    h('li', {}, swatch(SLA_COLOURS.ok, 'square'), 'ticket within its SLA clock'),
    h('li', {}, swatch(SLA_COLOURS.warning, 'square'), '80% of the target used'),
    h('li', {}, swatch(SLA_COLOURS.breached, 'square'), 'target breached'),
    h('li', {}, swatch(SLA_COLOURS.none, 'square'), 'no clock'),
    h('li', {}, h('span', { class: 'agent-swatch idle' }), 'agent free'),
    h('li', {}, h('span', { class: 'agent-swatch busy' }), 'working a ticket'),
    h('li', {}, h('span', { class: 'agent-swatch task' }), 'after-hours ACK'),
    h('li', {}, h('span', { class: 'agent-swatch break' }), 'on a break'),
    h('li', {}, h('span', { class: 'agent-swatch off' }), 'off shift'),
  );
  const status = h('div', { class: 'run-status', role: 'status' });
  const stage = h(
    'div',
    { class: 'training-stage' },
    h('div', { class: 'stage-bar' }, playerHost, h('div', { class: 'stage-clock' }, clock, hoursBadge, counter)),
    timelineHost,
    pictureHost,
    lastEvent,
    legend,
  );
  const kpis = createKpiPanel();
  const lessonHost = h('div', { class: 'lesson-host', id: 'training-lesson' });
  // With a lesson its panel takes the side and the KPIs go under the desk.
  if (lesson) stage.append(kpis.element);
  const side = h('aside', { class: 'training-side' }, lesson ? lessonHost : kpis.element);
  const host = h(
    'section',
    { class: 'training', 'data-state': 'loading', 'data-lesson': lesson?.id ?? null },
    h('h1', {}, lesson ? `Training: ${lesson.title}` : 'Training: watch a desk work'),
    h(
      'p',
      { class: 'lead' },
      'Tickets arrive in the queues of each tier, agents on shift pick them up, SLA clocks colour them as they age, escalations move them up a tier, and after hours the on-duty engineer acknowledges them. Play it, step through it one event at a time, or drag the timeline.',
    ),
    // Open on a first visit (no lesson or scenario chosen yet): the lessons are where a trainer starts.
    h('details', { class: 'lesson-picker', open: lesson || fromUrl ? null : true }, h('summary', {}, `Lessons (${LESSONS.length})`), lessonList),
    setup,
    note,
    status,
    h('div', { class: 'training-layout' }, stage, side),
  );
  root.append(host);

  // ---- the replay ------------------------------------------------------------------------------
  let player: PlayerHandle | null = null;
  let picture: DeskPictureHandle | null = null;
  let timeline: TimelineHandle | null = null;
  let replay: DeskReplay | null = null;
  let current: DeskTrace | null = null;
  let request = 0;

  const stageWidth = () => Math.max(640, pictureHost.clientWidth || stage.clientWidth || 860);

  const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

  function draw(index: number, time: number, animateMs: number): void {
    if (!replay || !picture || !timeline || !current) return;
    const state = replay.at(index);
    picture.update(state, time, reducedMotion ? 0 : animateMs);
    kpis.update(kpisOf(state, time));
    timeline.update(time);
    clock.textContent = clockText(current.picture, time);
    const open = inBusinessHours(current.picture, time);
    hoursBadge.hidden = current.picture.businessHours.length === 0;
    hoursBadge.textContent = open ? 'business hours' : 'after hours';
    hoursBadge.dataset.open = String(open);
    counter.textContent = `event ${index.toLocaleString('en-US')} of ${current.count.toLocaleString('en-US')}`;
    host.dataset.index = String(index);
    lastEvent.textContent = index > 0 ? describeEvent(current, index - 1) : 'The run starts: the desk is empty.';
  }

  function build(trace: DeskTrace, keep: { time: number; playing: boolean } | null, wallMs: number, name: string): void {
    player?.destroy();
    current = trace;
    replay = new DeskReplay(trace);
    replaceChildren(pictureHost);
    picture = createDeskPicture(pictureHost, trace, stageWidth());
    timeline = createTimeline(replay, stageWidth(), (t) => {
      player?.pause();
      player?.seek(t);
    });
    replaceChildren(timelineHost, timeline.element);
    player = createPlayer(replay, draw, {
      speed: DEFAULT_SPEED,
      onChange: () => {
        host.dataset.playing = String(player?.playing ?? false);
        lastEvent.setAttribute('aria-live', player?.playing ? 'off' : 'polite');
      },
    });
    replaceChildren(playerHost, player.element);
    const p = trace.picture;
    const covered = trace.coveredMinutes / 1440;
    replaceChildren(
      note,
      `Replaying the first ${formatDays(p.minutes / 1440)} of "${name}" (one replication, seed ${seedOf}) from its start, with an empty desk: `,
      h('strong', {}, `${trace.count.toLocaleString('en-US')} recorded events`),
      `, ${trace.tickets.count.toLocaleString('en-US')} tickets, recorded in a background worker in ${Math.round(wallMs)} ms. `,
      trace.truncated
        ? h('span', { class: 'truncated', id: 'training-truncated' }, `The trace stops at the cap of ${trace.maxEvents.toLocaleString('en-US')} events, after ${formatDays(covered)}. `)
        : null,
      'Times are in ',
      p.timeZone,
      '.',
    );
    host.dataset.state = 'ready';
    host.dataset.events = String(trace.count);
    player.seek(keep ? Math.min(keep.time, trace.coveredMinutes) : 0);
    if (keep?.playing) player.play();
  }

  let seedOf = 0;

  async function load(raw: unknown, name: string, keepPosition: boolean): Promise<void> {
    const mine = ++request;
    const keep = keepPosition && player ? { time: player.time, playing: player.playing } : null;
    player?.pause();
    host.dataset.state = 'loading';
    status.textContent = `Recording the first ${formatDays(days)} of "${name}" in a background worker…`;
    seedOf = typeof (raw as { seed?: unknown })?.seed === 'number' ? (raw as { seed: number }).seed : 1;
    try {
      const reply = await recordTrace({ raw, days, maxEvents: TRACE_DEFAULTS.maxEvents });
      if (mine !== request || controller.signal.aborted || reply === null) return;
      if (!reply.ok) {
        host.dataset.state = 'error';
        status.textContent = `"${name}" cannot be replayed: ${reply.errors[0]}${reply.errors.length > 1 ? ` (and ${reply.errors.length - 1} more)` : ''}`;
        return;
      }
      status.textContent = '';
      build(reply.trace, keep, reply.wallMs, name);
    } catch (e) {
      if (mine !== request || controller.signal.aborted) return;
      host.dataset.state = 'error';
      status.textContent = `The replay could not be recorded: ${(e as Error).message}`;
    }
  }

  // What is replayed: the lesson's scenario (then whatever its control makes of it), or the chosen one.
  let lessonScenario: Scenario | null = lesson ? lesson.scenario : null;
  const reload = (keepPosition: boolean) => {
    if (lessonScenario) void load(lessonScenario, lessonScenario.name, keepPosition);
    else void load(store.get(scenarioId)?.raw, store.name(scenarioId), false);
  };

  let panel: { destroy(): void } | null = null;
  if (lesson) {
    try {
      panel = mountLessonPanel(lessonHost, lesson, {
        signal: controller.signal,
        onScenario(s) {
          lessonScenario = s;
          reload(true);
        },
      });
    } catch (e) {
      lessonHost.replaceChildren(h('p', { class: 'error' }, `The lesson panel failed: ${(e as Error).message}`));
    }
  }
  scenarioSelect.addEventListener('change', () => {
    scenarioId = scenarioSelect.value;
    history.replaceState(null, '', `#/training?scenario=${encodeURIComponent(scenarioId)}&days=${days}`);
    reload(false);
  });
  daysSelect.addEventListener('change', () => {
    days = Number(daysSelect.value);
    if (!lesson) history.replaceState(null, '', `#/training?scenario=${encodeURIComponent(scenarioId)}&days=${days}`);
    else history.replaceState(null, '', `#/training?lesson=${encodeURIComponent(lesson.id)}&days=${days}`);
    reload(true);
  });
  const stopWatching = onWidthChange(() => {
    if (!current || !replay || !player) return;
    picture?.resize(stageWidth());
    timeline?.resize(stageWidth());
    player.seek(player.time);
  });
  reload(false);

  return () => {
    controller.abort();
    abandonTraces();
    player?.destroy();
    panel?.destroy();
    stopWatching();
  };
}

function formatDays(d: number): string {
  const rounded = Math.round(d * 10) / 10;
  return rounded === 1 ? '1 day' : `${rounded} days`;
}

function swatch(colour: string, shape: 'square'): HTMLElement {
  return h('span', { class: `swatch ${shape}`, style: `background:${colour}` });
}
