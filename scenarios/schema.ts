import * as z from 'zod';
import { expectedArrivals } from '../sim/model/demand.js';
import {
  CHANNELS,
  CLOCKS,
  PRIORITIES,
  ROUTING_POLICIES,
  TIERS,
  type Scenario,
} from '../sim/model/scenario.js';
import { isValidTimeZone, parseLocalDateTime } from '../sim/time/zone.js';

/**
 * The scenario file format, version 1. Every scenario from a user, a file or a URL goes
 * through `parseScenario`, which checks types, ranges and cross-references and fills defaults.
 * Bounds keep an untrusted scenario from asking for unbounded memory or time.
 */

export const SCENARIO_VERSION = 1;

/** Upper bounds for untrusted input. */
export const LIMITS = {
  fileBytes: 5_000_000,
  horizonDays: 3660,
  warmupDays: 365,
  replications: 10_000,
  groups: 200,
  headcount: 100_000,
  streams: 500,
  slaTargets: 200,
  /** Expected tickets a replication, warm-up included. */
  ticketsPerReplication: 5_000_000,
  /** Minutes: about 19 years, far beyond any handle time or target but well inside float precision. */
  minutes: 1e7,
  empiricalSamples: 100_000,
  cv: 10,
} as const;

const minutes = (what: string) =>
  z.number().positive(`${what} must be > 0 minutes`).max(LIMITS.minutes, `${what} must be at most ${LIMITS.minutes} minutes`);

const name = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _+\-/()]*$/, 'names use letters, digits, spaces and _ + - / ( ), and start with a letter or digit');

export const distributionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('exponential'), mean: minutes('mean') }),
  z.strictObject({ type: z.literal('lognormal'), mean: minutes('mean'), cv: z.number().min(0).max(LIMITS.cv) }),
  z.strictObject({ type: z.literal('gamma'), mean: minutes('mean'), cv: z.number().min(0).max(LIMITS.cv) }),
  z.strictObject({ type: z.literal('weibull'), shape: z.number().min(0.1).max(100), scale: minutes('scale') }),
  z
    .strictObject({
      type: z.literal('triangular'),
      min: z.number().min(0).max(LIMITS.minutes),
      mode: z.number().min(0).max(LIMITS.minutes),
      max: minutes('max'),
    })
    // superRefine, not refine: the issue's input is then the offending number, not the whole object.
    .superRefine((d, ctx) => {
      if (d.min > d.mode || d.mode > d.max) {
        ctx.addIssue({ code: 'custom', path: ['mode'], input: d.mode, message: `expected min (${d.min}) <= mode <= max (${d.max})` });
      }
    }),
  z
    .strictObject({ type: z.literal('uniform'), min: z.number().min(0).max(LIMITS.minutes), max: minutes('max') })
    .superRefine((d, ctx) => {
      if (d.min > d.max) ctx.addIssue({ code: 'custom', path: ['max'], input: d.max, message: `expected max >= min (${d.min})` });
    }),
  z.strictObject({ type: z.literal('fixed'), value: z.number().min(0).max(LIMITS.minutes) }),
  z.strictObject({
    type: z.literal('empirical'),
    samples: z
      .array(z.number().min(0).max(LIMITS.minutes))
      .min(1)
      .max(LIMITS.empiricalSamples)
      .refine((s) => s.some((v) => v > 0), 'expected at least one sample > 0'),
  }),
]);

const arrivalsSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('poisson'),
    perHour: z.number().positive().max(1e6).describe('Mean tickets an hour, the same at every hour'),
  }),
  z.strictObject({
    type: z.literal('weekly'),
    perWeek: z.number().positive().max(1e8).describe('Mean tickets a week'),
    hourOfWeek: z
      .array(z.number().min(0).max(1e6))
      .length(168)
      .refine((w) => w.some((v) => v > 0), 'expected at least one hour with weight > 0')
      .optional()
      .describe('168 relative weights, Monday 00:00-01:00 local first; flat when absent'),
  }),
]);

const groupSchema = z.strictObject({
  name,
  tier: z.enum(TIERS).default('L1'),
  headcount: z.number().int().min(1).max(LIMITS.headcount).describe('Agents on duty at every hour (24x7)'),
});

const streamSchema = z.strictObject({
  name,
  channel: z.enum(CHANNELS).default('email'),
  priority: z.enum(PRIORITIES).default('P3'),
  category: name.default('general'),
  segment: name.default('standard'),
  group: name.describe('Name of the group whose queue these tickets join'),
  arrivals: arrivalsSchema,
  handleTime: distributionSchema.describe('Agent work time of the single touch, in minutes'),
});

const slaSchema = z.strictObject({
  clock: z.enum(CLOCKS),
  priority: z.enum(PRIORITIES),
  targetMinutes: minutes('targetMinutes'),
  compliance: z.number().min(0).max(1).default(0.95).describe('Share of tickets that must meet the target'),
});

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'expected a local date-time like 2026-01-05T08:00');

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().max(500).optional().describe('Editors use this to find the JSON Schema'),
    version: z.literal(SCENARIO_VERSION),
    name,
    description: z.string().max(5000).default(''),
    start: localDateTime.default('2026-01-05T00:00').describe('Local date-time of the simulation start'),
    timeZone: z
      .string()
      .max(64)
      .refine(isValidTimeZone, 'expected an IANA time zone such as America/New_York')
      .default('America/New_York'),
    horizonDays: z.number().positive().max(LIMITS.horizonDays).describe('Measured days'),
    warmupDays: z.number().min(0).max(LIMITS.warmupDays).default(0).describe('Days simulated first and not measured'),
    replications: z.number().int().min(1).max(LIMITS.replications).default(10),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
    groups: z.array(groupSchema).min(1).max(LIMITS.groups),
    demand: z.array(streamSchema).min(1).max(LIMITS.streams),
    routing: z.strictObject({ policy: z.enum(ROUTING_POLICIES).default('priority') }).default({ policy: 'priority' }),
    sla: z.array(slaSchema).max(LIMITS.slaTargets).default([]),
  })
  .superRefine((s, ctx) => {
    try {
      parseLocalDateTime(s.start, s.timeZone);
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['start'], input: s.start, message: (e as Error).message });
    }
    uniqueNames(s.groups, 'groups', ctx);
    uniqueNames(s.demand, 'demand', ctx);
    const groups = new Set(s.groups.map((g) => g.name));
    s.demand.forEach((stream, i) => {
      // With no groups at all, groups itself already has an issue.
      if (groups.size > 0 && !groups.has(stream.group)) {
        ctx.addIssue({
          code: 'custom',
          path: ['demand', i, 'group'],
          input: stream.group,
          message: `expected the name of a group (${[...groups].join(', ')})`,
        });
      }
    });
    const seen = new Set<string>();
    s.sla.forEach((t, i) => {
      const key = `${t.clock}/${t.priority}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['sla', i], input: key, message: `a second ${t.clock} target for ${t.priority}` });
      }
      seen.add(key);
    });
    const headcount = s.groups.reduce((sum, g) => sum + g.headcount, 0);
    if (headcount > LIMITS.headcount) {
      ctx.addIssue({ code: 'custom', path: ['groups'], input: headcount, message: `at most ${LIMITS.headcount} agents in all` });
    }
    const end = (s.warmupDays + s.horizonDays) * 24 * 60;
    const tickets = s.demand.reduce((sum, d) => sum + expectedArrivals(d.arrivals, end), 0);
    // A rate or horizon out of range has its own issue; Infinity here would only repeat it as "about ∞ tickets".
    if (Number.isFinite(tickets) && tickets > LIMITS.ticketsPerReplication) {
      ctx.addIssue({
        code: 'custom',
        path: ['demand'],
        input: Math.round(tickets),
        message: `about ${Math.round(tickets).toLocaleString('en-US')} tickets a replication; the limit is ${LIMITS.ticketsPerReplication.toLocaleString('en-US')} (shorten horizonDays or lower the rates)`,
      });
    }
  });

function uniqueNames(items: ReadonlyArray<{ name: string }>, path: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) {
      ctx.addIssue({ code: 'custom', path: [path, i, 'name'], input: item.name, message: 'expected a name not used before' });
    }
    seen.add(item.name);
  });
}

// The parsed type must be what the model reads; this line fails to compile if they drift apart.
type Parsed = z.output<typeof scenarioSchema>;
const _sameShape: (s: Parsed) => Scenario = (s) => s;
void _sameShape;

/** The scenario type as a user writes it (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
