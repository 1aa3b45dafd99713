import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE } from '../scenarios/jsonSchema.js';
import { parseScenario, parseScenarioText, type ParseResult } from '../scenarios/parse.js';
import { expectedArrivals } from '../sim/model/demand.js';
import { WEEKDAYS } from '../sim/model/calendar.js';
import { CHANNELS, CLOCKS, PRIORITIES, ROUTING_POLICIES, TIERS, type ArrivalRate, type Scenario } from '../sim/model/scenario.js';
import { runReplication } from '../sim/replication.js';

/**
 * Fuzzing the front door: every input, however broken, is either rejected with a list of
 * readable messages or accepted and then simulated to the end with finite KPIs. Seeds are
 * fixed, so a failure reproduces; fast-check prints the shrunk counterexample.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIOS = join(ROOT, 'scenarios');
const BUNDLED: unknown[] = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json') && f !== JSON_SCHEMA_FILE)
  .sort()
  .map((f) => JSON.parse(readFileSync(join(SCENARIOS, f), 'utf8')));

/** Engine runs stay small (at most about this many expected tickets) so the file finishes well under 40 s on 2 cores. */
const TICKET_CAP = 20_000;
/** Long horizons cost an hour-of-week table entry per local hour; 400 days still covers DST twice. */
const MAX_ENGINE_DAYS = 400;
const TIMEOUT_MS = 40_000;

const STACK = /\n\s+at\s|\bat .*\.(?:[cm]?js|ts):\d+:\d+/;

// ---------------------------------------------------------------------------------------------
// Oracles

/** A rejection is a non-empty list of non-empty, one-line, human-readable strings. */
function checkRejection(result: ParseResult): void {
  if (result.ok) return;
  const { errors } = result;
  if (!Array.isArray(errors) || errors.length === 0) throw new Error(`rejected without a message: ${JSON.stringify(errors)}`);
  for (const message of errors) {
    if (typeof message !== 'string') throw new Error(`a message is not a string: ${String(message)}`);
    if (message.trim() === '') throw new Error('an empty message');
    if (message.includes('ZodError')) throw new Error(`a message leaks ZodError: ${message}`);
    if (STACK.test(message)) throw new Error(`a message holds a stack trace: ${message}`);
    if (message.includes('[object Object]')) throw new Error(`a message shows [object Object]: ${message}`);
  }
}

/**
 * An upper bound on a replication's expected tickets. The schema's `expectedArrivals` spreads a
 * weekly volume evenly over the week, which understates short horizons that fall on peak hours,
 * so a weekly stream is bounded by its peak hour's rate instead.
 */
function ticketBound(arrivals: ArrivalRate, days: number): number {
  const minutes = days * 24 * 60;
  if (arrivals.type === 'trace') return arrivals.minutes.length;
  if (arrivals.type === 'poisson' || !arrivals.hourOfWeek) return expectedArrivals(arrivals, minutes);
  const weights = arrivals.hourOfWeek;
  const peakShare = Math.max(...weights) / weights.reduce((a, b) => a + b, 0);
  return arrivals.perWeek * peakShare * (minutes / 60);
}

/** Growth and busy days scale the rate-driven streams (not traces); incidents add their tickets. */
function volumeFactor(s: { demandModifiers: { growthPerYear: number; days: Array<{ multiplier: number }> } }, days: number): number {
  const growth = Math.max(1, (1 + s.demandModifiers.growthPerYear) ** (Math.ceil(days) / 365));
  const busiest = Math.max(1, ...s.demandModifiers.days.map((d) => d.multiplier));
  return growth * busiest;
}

function expectedTickets(s: Scenario): number {
  const days = s.warmupDays + s.horizonDays;
  const factor = volumeFactor(s, days);
  const streams = s.demand.reduce((sum, d) => sum + ticketBound(d.arrivals, days) * (d.arrivals.type === 'trace' ? 1 : factor), 0);
  return streams + s.incidents.reduce((sum, i) => sum + i.tickets, 0);
}

/**
 * An accepted scenario made cheap to simulate: warm-up and horizon shrink together (never the
 * rates, which are what the mutation may have changed) until it expects at most `maxTickets`.
 * The shrunk scenario must itself be accepted.
 */
function capped(s: Scenario, maxTickets: number): Scenario {
  const days = s.warmupDays + s.horizonDays;
  const factor = Math.min(1, maxTickets / expectedTickets(s), MAX_ENGINE_DAYS / days);
  if (factor >= 1) return s;
  const again = parseScenario({ ...s, horizonDays: s.horizonDays * factor, warmupDays: s.warmupDays * factor });
  if (!again.ok) throw new Error(`the shrunk scenario was rejected: ${again.errors.join('; ')}`);
  return again.scenario;
}

/** Simulate replication 0 to the end and check every KPI is finite or null, and the books balance. */
function runAndCheck(s: Scenario, seed: number): void {
  const result = runReplication(s, seed, 0);
  const kpis = new Map(result.kpis);
  for (const [path, value] of result.kpis) {
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new Error(`KPI ${path} is ${String(value)}`);
    }
  }
  const get = (path: string): number | null => {
    if (!kpis.has(path)) throw new Error(`KPI ${path} is missing`);
    return kpis.get(path) ?? null;
  };
  const tickets = get('tickets');
  const openAtEnd = get('backlog.openAtEnd');
  if (tickets === null || !Number.isInteger(tickets) || tickets < 0) throw new Error(`tickets = ${tickets}`);
  if (openAtEnd === null || !Number.isInteger(openAtEnd) || openAtEnd < 0) throw new Error(`backlog.openAtEnd = ${openAtEnd}`);
  const maxOpen = get('backlog.maxOpen');
  if (maxOpen === null || maxOpen < openAtEnd) throw new Error(`backlog.maxOpen ${maxOpen} < openAtEnd ${openAtEnd}`);
  const byPriority = PRIORITIES.reduce((sum, p) => sum + (get(`byPriority.${p}.tickets`) ?? 0), 0);
  if (byPriority !== tickets) throw new Error(`byPriority tickets sum to ${byPriority}, tickets = ${tickets}`);
  for (const [path, value] of result.kpis) {
    if (value === null) continue;
    const share = path === 'probWait' || path.startsWith('sla.');
    if (share && (value < 0 || value > 1)) throw new Error(`KPI ${path} = ${value} is not a share`);
    if (/Minutes\.|^backlog\.|^occupancy\.|\.occupancy$/.test(path) && value < 0) throw new Error(`KPI ${path} = ${value} < 0`);
  }
  if (!Number.isFinite(result.events) || result.events < 0) throw new Error(`events = ${result.events}`);
}

/** The whole contract for one input value: a clean rejection, or a run to the end. */
function checkInput(value: unknown, seed: number): ParseResult {
  const result = parseScenario(value);
  checkRejection(result);
  if (result.ok) runAndCheck(capped(result.scenario, TICKET_CAP), seed);
  return result;
}

// ---------------------------------------------------------------------------------------------
// (i) Random values

const exoticAnything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
});

// ---------------------------------------------------------------------------------------------
// (ii) Mutations of the bundled scenarios

type Key = string | number;
type Path = Key[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every path into a JSON value; long arrays (hour-of-week weights) contribute their ends only. */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) {
    const indices = value.length > 8 ? [0, 1, value.length - 1] : value.map((_, i) => i);
    for (const i of indices) pathsOf(value[i], [...path, i], out);
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) pathsOf(value[key], [...path, key], out);
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let node: any = root;
  for (const key of path) node = node?.[key];
  return node;
}

/** Set as JSON.parse would: an own, enumerable property even for "__proto__". */
function defineOwn(target: any, key: Key, value: unknown): void {
  let copy = value;
  try {
    // Generated values may be shared between runs (constants) or frozen: insert a copy.
    copy = structuredClone(value);
  } catch {
    // Symbols and the like cannot be cloned and cannot be changed in place either.
  }
  try {
    Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
  } catch {
    // A typed array's index or a frozen object: leave it as it is.
  }
}

type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'addKey'; at: number; key: string; value: unknown }
  | { kind: 'number'; at: number; how: (typeof NUMBER_CHANGES)[number] }
  | { kind: 'duplicate'; at: number };

const NUMBER_CHANGES = ['zero', 'negative', 'huge', 'tiny', 'fractional', 'string', 'nan', 'infinity', 'double', 'half', 'tenfold', 'plusOne', 'maxSafe'] as const;

function changeNumber(n: number, how: (typeof NUMBER_CHANGES)[number]): unknown {
  switch (how) {
    case 'zero':
      return 0;
    case 'negative':
      return n === 0 ? -1 : -n;
    case 'huge':
      return 1e308;
    case 'tiny':
      return 5e-324;
    case 'fractional':
      return n + 0.5;
    case 'string':
      return String(n);
    case 'nan':
      return Number.NaN;
    case 'infinity':
      return Infinity;
    case 'double':
      return n * 2;
    case 'half':
      return n / 2;
    case 'tenfold':
      return n * 10;
    case 'plusOne':
      return n + 1;
    case 'maxSafe':
      return Number.MAX_SAFE_INTEGER + 2;
  }
}

function mutate(base: unknown, mutations: Mutation[]): unknown {
  let root: unknown = structuredClone(base);
  for (const m of mutations) {
    const paths = pathsOf(root);
    if (m.kind === 'number') {
      const numeric = paths.filter((p) => typeof getAt(root, p) === 'number');
      if (numeric.length === 0) continue;
      const path = numeric[m.at % numeric.length];
      root = setAt(root, path, changeNumber(getAt(root, path) as number, m.how));
    } else if (m.kind === 'set') {
      root = setAt(root, paths[m.at % paths.length], m.value);
    } else if (m.kind === 'delete') {
      const path = paths[m.at % paths.length];
      if (path.length === 0) continue;
      const parent: any = getAt(root, path.slice(0, -1));
      const key = path[path.length - 1];
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (isObject(parent)) delete parent[key as string];
    } else if (m.kind === 'addKey') {
      const objects = paths.filter((p) => isObject(getAt(root, p)));
      if (objects.length === 0) continue;
      defineOwn(getAt(root, objects[m.at % objects.length]), m.key, m.value);
    } else {
      const arrays = paths.filter((p) => Array.isArray(getAt(root, p)) && (getAt(root, p) as unknown[]).length > 0);
      if (arrays.length === 0) continue;
      const list = getAt(root, arrays[m.at % arrays.length]) as unknown[];
      list.push(structuredClone(list[0]));
    }
  }
  return root;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent: any = getAt(root, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') defineOwn(parent, path[path.length - 1], value);
  return root;
}

const INTERESTING: unknown[] = [
  0, -0, -1, -5, 0.5, 1e-300, 1e308, -1e308, 1e9, 2 ** 53 + 2, Number.NaN, Infinity, -Infinity, undefined, null, true, false,
  '', 'ten', '5', [], {}, 'P1', 'P4', 'fifo', 'priority', 'L2', 'engineering', 'poisson', 'weekly', 'triangular', 'empirical',
  'acknowledge', 'resolution', 'agents', 'service-desk', 'America/New_York', 'Asia/Kolkata', 'UTC', 'Mars/Olympus', 'utc',
  '2026-03-08T02:30', '2026-11-01T01:30', '0000-01-01T00:00', '9999-12-31T23:59', '2026-02-30T00:00', '2026-01-05T24:00',
  new Array(168).fill(0), new Array(168).fill(1e6), new Array(167).fill(1),
  { type: 'triangular', min: 5, mode: 1, max: 3 }, { type: 'uniform', min: 3, max: 3 }, { type: 'fixed', value: 0 },
  { type: 'empirical', samples: [0, 0, 1e7] }, { type: 'weibull', shape: 0.1, scale: 1e7 }, { type: 'gamma', mean: 1e7, cv: 10 },
  { type: 'lognormal', mean: 1e-300, cv: 10 }, { type: 'poisson', perHour: 1e6 }, { type: 'weekly', perWeek: 1e8 },
  { name: 'agents', headcount: 100000 }, { clock: 'acknowledge', priority: 'P2', compliance: 1 },
  { acknowledge: { targetMinutes: 1e-300 } }, { resolution: { targetMinutes: 1e7, calendar: 'business', pauseWhilePending: false } },
  'Mon', 'Sun', 'Funday', '08:00', '24:00', '23:59', '8:00', '24x7', 'business', 'L0', 'handover', 'raise-tier', 'bump-priority',
  ['Mon', 'Tue'], ['Mon', 'Mon'], { days: ['Sat'], from: '22:00', to: '06:00' }, { days: ['Mon'], from: '09:00', to: '17:00', name: 'day', headcount: 2 },
  { type: 'trace', minutes: [0, 1, 1, 30] }, { type: 'trace', minutes: [5, 1] }, { type: 'trace', file: 'calls.csv' },
  { L1: 1, L2: 1 }, { engineering: 1 }, { P1: 0 }, { enabled: true, group: 'agents' }, { enabled: true },
  { name: 'eng', tier: 'engineering', turnaround: { type: 'fixed', value: 60 } }, { name: 'eng', tier: 'engineering' },
  { name: 'burst', start: '2026-01-05T01:00', durationHours: 1, tickets: 50 }, { date: '2026-01-05', multiplier: 2 },
];

const anyValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INTERESTING) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: exoticAnything },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string() },
);

// Weighted so that a good share of the mutants (about one in eight) stay valid and reach the engine.
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('addKey' as const),
      at: fc.nat(),
      key: fc.oneof(fc.string(), fc.constantFrom('foo', '__proto__', 'constructor', 'toString', 'name', 'type', 'hasOwnProperty')),
      value: anyValue,
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('number' as const), at: fc.nat(), how: fc.constantFrom(...NUMBER_CHANGES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }) },
);

const mutatedScenario = fc
  .tuple(fc.constantFrom(...BUNDLED), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([base, mutations]) => mutate(base, mutations));

// ---------------------------------------------------------------------------------------------
// (iii) Valid small scenarios

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const handleTime = fc.oneof(
  fc.record({ type: fc.constant('exponential'), mean: num(0.05, 240) }),
  fc.record({ type: fc.constant('lognormal'), mean: num(0.05, 240), cv: num(0, 10) }),
  fc.record({ type: fc.constant('gamma'), mean: num(0.05, 240), cv: num(0, 10) }),
  fc.record({ type: fc.constant('weibull'), shape: num(0.1, 100), scale: num(0.05, 240) }),
  fc.tuple(num(0, 240), num(0, 240), num(0.01, 240)).map((v) => {
    const [min, mode, max] = v.sort((a, b) => a - b);
    return { type: 'triangular', min, mode, max };
  }),
  fc.tuple(num(0, 240), num(0.01, 240)).map(([a, b]) => ({ type: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
  fc.record({ type: fc.constant('fixed'), value: fc.oneof(fc.constant(0), num(0, 240)) }),
  fc
    .array(fc.oneof(fc.constant(0), num(0, 240)), { minLength: 1, maxLength: 50 })
    .map((samples) => ({ type: 'empirical', samples: samples.some((v) => v > 0) ? samples : [...samples, 1] })),
);

const hourOfWeek = fc
  .array(fc.oneof(fc.constant(0), num(0, 10), num(0, 1e6)), { minLength: 168, maxLength: 168 })
  .map((w) => (w.some((v) => v > 0) ? w : w.map((v, i) => (i === 100 ? 1 : v))));

const arrivals = fc.oneof(
  fc.record({ type: fc.constant('poisson'), perHour: fc.oneof(num(0.1, 500), fc.integer({ min: 1, max: 5_000 }).map((x) => x / 10)) }),
  fc.record(
    { type: fc.constant('weekly'), perWeek: fc.oneof(num(1, 80_000), fc.integer({ min: 1, max: 80_000 })), hourOfWeek },
    { requiredKeys: ['type', 'perWeek'] },
  ),
);

const TIME_ZONES = [
  'America/New_York',
  'Asia/Kolkata',
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
  'America/St_Johns',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
  'Pacific/Apia',
];

/**
 * Ordinary days, the days clocks change in New York, Europe and Australia (gaps and repeats),
 * the day Samoa skipped (2011-12-30 does not exist in Pacific/Apia) and a pre-standard-time start.
 */
const STARTS = [
  '2026-01-05T00:00',
  '2026-01-05T08:00:30',
  '2026-03-08T00:00',
  '2026-03-08T02:30',
  '2026-03-29T00:30',
  '2026-03-29T01:30',
  '2026-04-05T01:45',
  '2026-04-05T02:30',
  '2026-10-04T02:15',
  '2026-10-25T01:30',
  '2026-11-01T01:30',
  '2026-11-01T00:00',
  '2026-12-31T23:59',
  '2028-02-29T12:00',
  '2011-12-29T12:00',
  '2011-12-30T12:00',
  '1883-11-18T12:00',
];

const GROUP_NAMES = ['agents', 'L2 desk', 'tier-3 (EU)', 'eng_on+call', 'G/1'];
const STAFFED_TIERS = TIERS.filter((t) => t !== 'engineering');

/** Drops keys whose value is undefined, so "absent" means absent and defaults apply. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${pad2(h)}:${pad2(m)}`);
const weeklyWindow = fc.record({
  days: fc.shuffledSubarray([...WEEKDAYS], { minLength: 1 }),
  from: hhmm,
  to: fc.oneof(hhmm, fc.constant('24:00')),
});
const calendar = fc.record(
  {
    timeZone: fc.constantFrom('UTC', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe'),
    weekly: fc.array(weeklyWindow, { minLength: 1, maxLength: 3 }),
    holidays: fc.uniqueArray(fc.constantFrom('2026-01-05', '2026-01-06', '2026-03-08', '2026-12-25'), { maxLength: 3 }),
  },
  { requiredKeys: ['weekly'] },
);
const optional = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Arrival instants in the first few days, ascending (a resolved trace file). */
const trace = fc
  .array(fc.oneof(fc.constant(0), num(0, 4 * 24 * 60)), { maxLength: 200 })
  .map((m) => ({ type: 'trace', minutes: [...m].sort((a, b) => a - b) }));

const group = fc.record({
  tier: optional(fc.constantFrom(...STAFFED_TIERS)),
  staffing: fc.oneof(
    fc.record({ headcount: fc.integer({ min: 1, max: 20 }) }),
    fc.record({
      shifts: fc.array(fc.record({ days: fc.shuffledSubarray([...WEEKDAYS], { minLength: 1 }), from: hhmm, to: fc.oneof(hhmm, fc.constant('24:00')), headcount: fc.integer({ min: 1, max: 10 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  ),
  timeZone: optional(fc.constantFrom(...TIME_ZONES)),
  skills: optional(fc.array(fc.record({ proficiency: optional(num(0.1, 10)), primary: optional(fc.boolean()) }), { maxLength: 2 })),
  shrinkage: optional(
    fc.record(
      { breaks: fc.array(fc.record({ afterMinutes: num(0, 600), minutes: num(1, 60) }), { maxLength: 3 }), absence: num(0, 0.9) },
      { requiredKeys: [] },
    ),
  ),
  shiftEnd: optional(fc.constantFrom('finish', 'handover')),
  chatConcurrency: optional(fc.integer({ min: 1, max: 10 })),
});

const validScenario = fc
  .record({
    groups: fc.array(group, { minLength: 1, maxLength: 3 }),
    engineering: optional(handleTime),
    calendars: optional(fc.record({ business: calendar, 'support hours': calendar }, { requiredKeys: [] })),
    demand: fc.array(
      fc.record({
        channel: optional(fc.constantFrom(...CHANNELS)),
        priority: optional(fc.constantFrom(...PRIORITIES)),
        entry: fc.nat(),
        arrivals: fc.oneof({ weight: 4, arbitrary: arrivals }, { weight: 1, arbitrary: trace }),
        handleTime,
        touches: optional(fc.record({ count: handleTime, followUp: handleTime, customerDelay: handleTime }, { requiredKeys: [] })),
        complexity: optional(fc.dictionary(fc.constantFrom(...TIERS), fc.oneof(fc.constant(0), num(0, 10)), { maxKeys: 3 })),
        patience: optional(fc.option(handleTime, { nil: null })),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    modifiers: optional(
      fc.record(
        {
          growthPerYear: num(-0.9, 2),
          dayCv: num(0, 2),
          days: fc.uniqueArray(fc.record({ date: fc.constantFrom('2026-01-05', '2026-01-06', '2026-03-08', '2026-11-01'), multiplier: num(0, 3) }), {
            selector: (d) => d.date,
            maxLength: 3,
          }),
        },
        { requiredKeys: [] },
      ),
    ),
    incidents: fc.array(
      fc.record(
        {
          start: fc.constantFrom(...STARTS),
          durationHours: num(0.01, 48),
          tickets: num(0.1, 100),
          priorityMix: fc.dictionary(fc.constantFrom(...PRIORITIES), num(0.1, 1), { minKeys: 1 }),
          channel: fc.constantFrom(...CHANNELS),
          entry: fc.nat(),
          handleTime,
        },
        { requiredKeys: ['start', 'durationHours', 'tickets'] },
      ),
      { maxLength: 2 },
    ),
    policies: fc.array(
      fc.record({
        priorities: fc.subarray([...PRIORITIES]),
        clocks: fc.dictionary(
          fc.constantFrom(...CLOCKS),
          fc.record(
            { targetMinutes: num(0.01, 10_000), calendar: fc.constantFrom('24x7', 'business'), pauseWhilePending: fc.boolean() },
            { requiredKeys: ['targetMinutes'] },
          ),
          { minKeys: 1 },
        ),
      }),
      { maxLength: 3 },
    ),
    targets: fc.nat(),
    compliance: optional(num(0, 1)),
    escalation: optional(
      fc.record(
        {
          diagnosis: handleTime,
          handoff: handleTime,
          misroute: num(0, 0.5),
          hierarchical: fc.uniqueArray(
            fc.record({ priority: fc.constantFrom(...PRIORITIES), clock: fc.constantFrom(...CLOCKS), atShare: num(0.01, 1), action: fc.constantFrom('bump-priority', 'raise-tier') }),
            { selector: (r) => r.priority, maxLength: 4 },
          ),
          automatic: fc.uniqueArray(
            fc.record({ priority: fc.constantFrom(...PRIORITIES), afterMinutes: num(0.1, 1000), action: fc.constantFrom('bump-priority', 'raise-tier') }),
            { selector: (r) => r.priority, maxLength: 4 },
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    ackDuty: optional(fc.record({ enabled: fc.boolean(), group: fc.nat(), pagedPriorities: fc.subarray([...PRIORITIES]) })),
    routing: optional(fc.record({ policy: fc.constantFrom(...ROUTING_POLICIES), preemptByP1: fc.boolean() }, { requiredKeys: [] })),
    lifecycle: optional(fc.record({ reopenProbability: num(0, 0.5), reopenWithinDays: num(0.1, 30) }, { requiredKeys: [] })),
    deflection: optional(num(0, 1)),
    horizonDays: fc.oneof(num(0.01, 3), fc.integer({ min: 1, max: 300 }).map((x) => x / 100)),
    warmupDays: optional(fc.oneof(num(0, 1), fc.integer({ min: 0, max: 100 }).map((x) => x / 100))),
    timeZone: fc.constantFrom(...TIME_ZONES),
    start: fc.constantFrom(...STARTS),
  })
  .map((g) => {
    const groups: Array<Record<string, unknown>> = g.groups.map((grp, i) =>
      compact({
        name: GROUP_NAMES[i],
        tier: grp.tier,
        ...('shifts' in grp.staffing ? { shifts: grp.staffing.shifts.map((sh, k) => ({ name: `shift ${k}`, ...sh })) } : grp.staffing),
        timeZone: grp.timeZone,
        skills: grp.skills?.map((sk, k) => compact({ category: k === 0 ? 'general' : 'billing', ...sk })),
        shrinkage: grp.shrinkage,
        shiftEnd: grp.shiftEnd,
        chatConcurrency: grp.chatConcurrency,
      }),
    );
    const staffedTiers = [...new Set(g.groups.map((grp) => grp.tier ?? 'L1'))];
    if (g.engineering !== undefined) groups.push({ name: GROUP_NAMES[groups.length], tier: 'engineering', turnaround: g.engineering });
    const demand = g.demand.map((d, i) =>
      compact({
        name: `stream ${i}`,
        channel: d.channel,
        priority: d.priority,
        entryTier: staffedTiers[d.entry % staffedTiers.length],
        arrivals: { ...d.arrivals },
        handleTime: d.handleTime,
        touches: d.touches,
        complexity: d.complexity && Object.values(d.complexity).some((w) => w > 0) ? d.complexity : undefined,
        patience: d.patience,
      }),
    );
    const incidents = g.incidents.map((inc, i) => compact({ name: `incident ${i}`, ...inc, entry: undefined, entryTier: staffedTiers[(inc.entry ?? 0) % staffedTiers.length] }));
    const demandModifiers = g.modifiers;
    // At most TICKET_CAP expected tickets by construction: scale every rate down together.
    const days = (g.warmupDays ?? 0) + g.horizonDays;
    const factor = volumeFactor({ demandModifiers: { growthPerYear: 0, dayCv: 0, days: [], ...demandModifiers } }, days);
    const fixed = demand.reduce((sum, d) => sum + ((d.arrivals as ArrivalRate).type === 'trace' ? ticketBound(d.arrivals as ArrivalRate, days) : 0), 0);
    const fromRates = demand.reduce((sum, d) => sum + ((d.arrivals as ArrivalRate).type === 'trace' ? 0 : ticketBound(d.arrivals as ArrivalRate, days) * factor), 0);
    const incidentTickets = incidents.reduce((sum, inc) => sum + (inc.tickets as number), 0);
    const scale = fromRates > 0 ? Math.min(1, (TICKET_CAP - fixed - incidentTickets) / fromRates) : 1;
    for (const d of demand) {
      const a = d.arrivals as { type: string; perHour?: number; perWeek?: number };
      if (a.type === 'poisson') a.perHour = (a.perHour as number) * scale;
      else if (a.type === 'weekly') a.perWeek = (a.perWeek as number) * scale;
    }
    const slaPolicies = g.policies.map((p, i) => compact({ name: `policy ${i}`, priorities: p.priorities.length > 0 ? p.priorities : undefined, clocks: p.clocks }));
    // Targets only for clock and priority pairs some policy sets.
    const covered = CLOCKS.flatMap((clock) =>
      PRIORITIES.filter((priority) => g.policies.some((p) => (p.priorities.length === 0 || p.priorities.includes(priority)) && p.clocks[clock] !== undefined)).map((priority) => ({ clock, priority })),
    );
    const targets = covered.filter((_, i) => (g.targets >> i) & 1).map((t) => compact({ ...t, compliance: g.compliance }));
    return compact({
      version: 1,
      name: 'fuzzed desk',
      start: g.start,
      timeZone: g.timeZone,
      horizonDays: g.horizonDays,
      warmupDays: g.warmupDays,
      calendars: g.calendars,
      groups,
      demand,
      demandModifiers,
      incidents: incidents.length > 0 ? incidents : undefined,
      deflection: g.deflection === undefined ? undefined : [{ category: 'general', share: g.deflection }],
      routing: g.routing,
      escalation: g.escalation,
      ackDuty: g.ackDuty === undefined ? undefined : { ...g.ackDuty, group: GROUP_NAMES[g.ackDuty.group % g.groups.length] },
      slaPolicies: slaPolicies.length > 0 ? slaPolicies : undefined,
      targets: targets.length > 0 ? targets : undefined,
      lifecycle: g.lifecycle,
    });
  });

const seed = fc.nat({ max: Number.MAX_SAFE_INTEGER });

// ---------------------------------------------------------------------------------------------

describe('fuzzing the parser and the engine', () => {
  it('random values and random text are rejected cleanly (or, if ever accepted, run)', () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), exoticAnything), seed, (value, s) => {
        if (!checkInput(value, s).ok) rejected++;
      }),
      { seed: 42, numRuns: 2_000 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.string({ unit: 'binary' })), seed, (text, s) => {
        const result = parseScenarioText(text);
        checkRejection(result);
        if (result.ok) runAndCheck(capped(result.scenario, TICKET_CAP), s);
      }),
      { seed: 42, numRuns: 1_000 },
    );
    expect(rejected).toBeGreaterThan(1_900);
  }, TIMEOUT_MS);

  it('mutated bundled scenarios are rejected with clear messages or run to completion', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(mutatedScenario, seed, (value, s) => {
        if (checkInput(value, s).ok) accepted++;
        else rejected++;
        // The same input as file text, when it has one (BigInt has no JSON form).
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch {
          text = undefined;
        }
        if (text !== undefined) checkRejection(parseScenarioText(text));
      }),
      { seed: 42, numRuns: 2_000 },
    );
    // Both outcomes are exercised: the mutations are neither all harmless nor all fatal.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(500);
  }, TIMEOUT_MS);

  it('valid small scenarios (every distribution, DST starts, zero-weight hours) are accepted and run', () => {
    fc.assert(
      fc.property(validScenario, seed, (value, s) => {
        const result = parseScenario(value);
        if (!result.ok) throw new Error(`a valid scenario was rejected: ${result.errors.join('; ')}`);
        expect(expectedTickets(result.scenario)).toBeLessThanOrEqual(TICKET_CAP * (1 + 1e-9));
        runAndCheck(result.scenario, s);
      }),
      { seed: 42, numRuns: 400 },
    );
  }, TIMEOUT_MS);
});
