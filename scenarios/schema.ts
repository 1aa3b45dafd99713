import * as z from 'zod';
import { WEEKDAYS, type CalendarSpec } from '../sim/model/calendar.js';
import { expectedArrivals } from '../sim/model/demand.js';
import {
  CHANNELS,
  CLOCKS,
  PRIORITIES,
  ROUTING_POLICIES,
  TIERS,
  type Scenario,
  type Tier,
} from '../sim/model/scenario.js';
import { isValidTimeZone, parseLocalDateTime } from '../sim/time/zone.js';

/**
 * The scenario file format, version 1. Every scenario from a user, a file or a URL goes
 * through `parseScenario`, which checks types, ranges and cross-references and fills defaults.
 * Bounds keep an untrusted scenario from asking for unbounded memory or time.
 *
 * Defaults keep a small scenario small: one group with a headcount and one Poisson stream with
 * a handle time is a complete desk (24x7, single touch, solved at the entry tier, no SLA).
 */

export const SCENARIO_VERSION = 1;

/** Upper bounds for untrusted input. */
export const LIMITS = {
  fileBytes: 5_000_000,
  horizonDays: 3660,
  warmupDays: 365,
  replications: 10_000,
  groups: 200,
  /** People in all groups together (a group's shifts count with the sum of their headcounts). */
  headcount: 100_000,
  shiftsPerGroup: 50,
  skillsPerGroup: 200,
  breaksPerShift: 10,
  streams: 500,
  /** Arrival instants of one trace stream. */
  traceMinutes: 5_000_000,
  calendars: 50,
  weeklyWindows: 50,
  holidays: 1000,
  modifierDays: 5000,
  incidents: 100,
  incidentTickets: 1_000_000,
  deflections: 1000,
  escalationRules: 50,
  slaPolicies: 50,
  /** Values in an SLA policy's segment list. */
  policySegments: 200,
  slaTargets: 200,
  /** Expected tickets a replication, warm-up included. */
  ticketsPerReplication: 5_000_000,
  /** Minutes: about 19 years, far beyond any handle time or target but well inside float precision. */
  minutes: 1e7,
  empiricalSamples: 100_000,
  cv: 10,
} as const;

/** The calendar that counts every minute; the model builds it, so it is never listed in `calendars`. */
export const ALWAYS_OPEN_CALENDAR = '24x7';
/** The calendar of office hours: Mon-Fri 08:00-17:00 in the scenario's zone unless `calendars` redefines it. */
export const BUSINESS_CALENDAR = 'business';
const BUSINESS_HOURS = { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '08:00', to: '17:00' } as const;

const minutes = (what: string) =>
  z.number().positive(`${what} must be > 0 minutes`).max(LIMITS.minutes, `${what} must be at most ${LIMITS.minutes} minutes`);

const name = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _+\-/()]*$/, 'names use letters, digits, spaces and _ + - / ( ), and start with a letter or digit');

const timeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'expected an IANA time zone such as America/New_York');

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'expected a local date-time like 2026-01-05T08:00');

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(text: string): boolean {
  const m = DATE.exec(text);
  if (m === null) return true; // the pattern has its own message
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const days = mo === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days;
}

const localDate = z
  .string()
  .regex(DATE, 'expected a date like 2026-12-25 (YYYY-MM-DD)')
  .refine(isRealDate, 'expected a date that exists (YYYY-MM-DD)');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time 'HH:MM' from 00:00 to 23:59");
const clockTimeOrMidnight = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "expected a time 'HH:MM' from 00:00 to 23:59, or 24:00");

/** A list whose items must differ by `key`; `message` says so for a repeated item (or its `field`). */
function uniqueItems<T>(key: (item: T) => string, message: (item: T) => string, field?: string) {
  return (items: T[], ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) {
        ctx.addIssue({
          code: 'custom',
          path: field === undefined ? [i] : [i, field],
          input: field === undefined ? item : (item as Record<string, unknown>)[field],
          message: message(item),
        });
      }
      seen.add(k);
    });
  };
}

const weekdays = z
  .array(z.enum(WEEKDAYS))
  .min(1)
  .max(7)
  .superRefine(uniqueItems((d) => d, () => 'expected a weekday not listed before'))
  .describe('Days the window opens on: Mon, Tue, Wed, Thu, Fri, Sat, Sun');

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

// ---------------------------------------------------------------------------------------------
// Calendars

const weeklyWindowSchema = z.strictObject({
  days: weekdays,
  from: clockTime.describe("Local opening time 'HH:MM'"),
  to: clockTimeOrMidnight.describe("Local closing time 'HH:MM' ('24:00' allowed); at or before `from`, the window runs past midnight"),
});

const calendarSchema = z.strictObject({
  timeZone: timeZone.optional().describe("IANA time zone; the scenario's timeZone when absent"),
  weekly: z.array(weeklyWindowSchema).min(1).max(LIMITS.weeklyWindows).describe('Weekly opening windows'),
  holidays: z
    .array(localDate)
    .max(LIMITS.holidays)
    .default([])
    .describe("Local dates 'YYYY-MM-DD' on which windows that start that day stay closed"),
});

const calendarsSchema = z
  .record(name, calendarSchema)
  .default({})
  .superRefine((calendars, ctx) => {
    const names = Object.keys(calendars);
    if (names.length > LIMITS.calendars) {
      ctx.addIssue({ code: 'custom', path: [], input: calendars, message: `expected at most ${LIMITS.calendars} calendars (got ${names.length})` });
    }
    if (Object.prototype.hasOwnProperty.call(calendars, ALWAYS_OPEN_CALENDAR)) {
      ctx.addIssue({
        code: 'custom',
        path: [ALWAYS_OPEN_CALENDAR],
        input: calendars[ALWAYS_OPEN_CALENDAR],
        message: `'${ALWAYS_OPEN_CALENDAR}' is built in (always open) and cannot be redefined: expected another name`,
      });
    }
  })
  .describe(`Named business calendars; '${ALWAYS_OPEN_CALENDAR}' (always open) and '${BUSINESS_CALENDAR}' (Mon-Fri 08:00-17:00 local) are built in, and '${BUSINESS_CALENDAR}' may be redefined`);

const calendarName = name.describe(`Name of a calendar: '${ALWAYS_OPEN_CALENDAR}', '${BUSINESS_CALENDAR}' or one defined in calendars`);

// ---------------------------------------------------------------------------------------------
// Groups

const shiftSchema = z.strictObject({
  name,
  days: weekdays,
  from: clockTime.describe("Local start time 'HH:MM'"),
  to: clockTimeOrMidnight.describe("Local end time 'HH:MM' ('24:00' allowed); at or before `from`, the shift ends the next day"),
  headcount: z.number().int().min(1).max(LIMITS.headcount).describe('People working this shift'),
});

const skillSchema = z.strictObject({
  category: name,
  proficiency: z.number().min(0.1).max(10).default(1).describe('Handle-time multiplier: 0.8 works 20% faster'),
  primary: z.boolean().default(true).describe('Primary skills are served before secondary ones'),
});

const shrinkageSchema = z.strictObject({
  breaks: z
    .array(
      z.strictObject({
        afterMinutes: z.number().min(0).max(LIMITS.minutes).describe('Minutes into the shift'),
        minutes: minutes('minutes'),
      }),
    )
    .max(LIMITS.breaksPerShift)
    .default([])
    .describe('Scheduled breaks and meetings in each shift'),
  absence: z.number().min(0).max(0.9).default(0).describe('Probability that a person misses a whole shift'),
});

const groupSchema = z
  .strictObject({
    name,
    tier: z.enum(TIERS).default('L1'),
    headcount: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.headcount)
      .default(0)
      .describe('People on duty at every hour (24x7), used when there are no shifts'),
    shifts: z.array(shiftSchema).max(LIMITS.shiftsPerGroup).default([]).describe('Weekly shift patterns, each with its headcount'),
    timeZone: timeZone.optional().describe("Zone of the shift times; the scenario's timeZone when absent"),
    skills: z.array(skillSchema).max(LIMITS.skillsPerGroup).default([]).describe('Categories the group works; empty means every category'),
    shrinkage: shrinkageSchema.prefault({}),
    shiftEnd: z.enum(['finish', 'handover']).default('finish').describe('At shift end: finish the touch, or hand the ticket back'),
    chatConcurrency: z.number().int().min(1).max(10).default(1).describe('Chats one person handles at once'),
    turnaround: distributionSchema
      .nullable()
      .default(null)
      .describe('Engineering only: time to answer an escalation, in minutes'),
    costPerHour: z.number().min(0).max(1e6).default(40).describe('Paid cost of one person-hour'),
  })
  .superRefine((g, ctx) => {
    const shiftNames = new Set<string>();
    g.shifts.forEach((s, i) => {
      if (shiftNames.has(s.name)) ctx.addIssue({ code: 'custom', path: ['shifts', i, 'name'], input: s.name, message: 'expected a name not used before' });
      shiftNames.add(s.name);
    });
    const seen = new Set<string>();
    g.skills.forEach((s, i) => {
      if (seen.has(s.category)) {
        ctx.addIssue({ code: 'custom', path: ['skills', i, 'category'], input: s.category, message: 'expected a category not listed before' });
      }
      seen.add(s.category);
    });
    if (g.tier === 'engineering') {
      if (g.turnaround === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['turnaround'],
          input: g.turnaround,
          message: `group "${g.name}" is engineering, which answers escalations after a turnaround: expected a turnaround distribution`,
        });
      }
      if (g.headcount !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['headcount'],
          input: g.headcount,
          message: `group "${g.name}" is engineering, which has no agents: expected no headcount`,
        });
      }
      if (g.shifts.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['shifts'],
          input: g.shifts,
          message: `group "${g.name}" is engineering, which has no agents: expected no shifts`,
        });
      }
    } else {
      if (g.turnaround !== null) {
        ctx.addIssue({
          code: 'custom',
          path: ['turnaround'],
          input: g.turnaround,
          message: `group "${g.name}" is ${g.tier}, whose agents work from a queue: expected a turnaround only on the engineering group (or null)`,
        });
      }
      // A negative or fractional headcount has its own message.
      if (g.shifts.length === 0 && g.headcount === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['headcount'],
          input: g.headcount,
          message: `expected a number >= 1 or at least one shift for group "${g.name}"`,
        });
      }
      if (g.shifts.length > 0 && g.headcount > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['headcount'],
          input: g.headcount,
          message: `group "${g.name}" has shifts, each with its own headcount: expected no 24x7 headcount besides them`,
        });
      }
    }
  });

// ---------------------------------------------------------------------------------------------
// Demand

const traceSchema = z
  .strictObject({
    type: z.literal('trace'),
    minutes: z
      .array(z.number().min(0).max(LIMITS.minutes))
      .max(LIMITS.traceMinutes)
      .optional()
      .describe('Arrival instants in minutes since the scenario start, ascending'),
    file: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('A CSV or text file of arrival times, read by the CLI or the app into `minutes` before validation'),
    column: z.string().min(1).max(200).optional().describe('The column of `file` holding the arrival times'),
  })
  .superRefine((t, ctx) => {
    if (t.file !== undefined) {
      // Fatal: the stream has no arrivals to check the rest of the scenario against.
      ctx.addIssue({
        code: 'custom',
        path: ['file'],
        input: t.file,
        continue: false,
        message: 'trace files are read by the CLI/app before validation (resolveTraceFiles): expected `minutes` here',
      });
      return;
    }
    if (t.minutes === undefined) {
      ctx.addIssue({ code: 'custom', path: ['minutes'], input: undefined, continue: false, message: 'expected a list of arrival minutes' });
      return;
    }
    if (t.column !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['column'], input: t.column, message: 'expected a column only with a trace file' });
    }
    const m = t.minutes;
    for (let i = 1; i < m.length; i++) {
      if (m[i] < m[i - 1]) {
        ctx.addIssue({
          code: 'custom',
          path: ['minutes', i],
          input: m[i],
          message: `expected arrival minutes in ascending order (the one before is ${m[i - 1]})`,
        });
        break;
      }
    }
  })
  .transform((t) => ({ type: t.type, minutes: t.minutes as number[] }));

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
  traceSchema,
]);

const touchesSchema = z.strictObject({
  count: distributionSchema.default({ type: 'fixed', value: 1 }).describe('Touches a ticket needs at the tier that solves it'),
  followUp: distributionSchema.optional().describe("Work of each touch after the first; the stream's handleTime when absent"),
  customerDelay: distributionSchema
    .default({ type: 'exponential', mean: 240 })
    .describe("The customer's answer time between touches"),
});

const weights = z.number().min(0).max(1e6);

const streamSchema = z
  .strictObject({
    name,
    channel: z.enum(CHANNELS).default('email'),
    priority: z.enum(PRIORITIES).default('P3'),
    category: name.default('general'),
    segment: name.default('standard'),
    entryTier: z.enum(TIERS).default('L1').describe('The tier whose queue new tickets join'),
    arrivals: arrivalsSchema,
    handleTime: distributionSchema.describe('Agent work time of the first touch, in minutes'),
    touches: touchesSchema.prefault({}).describe('One touch when absent'),
    complexity: z
      .partialRecord(z.enum(TIERS), weights)
      .default({})
      .describe('Relative share of tickets that need each tier to be solved; empty means the entry tier solves everything'),
    patience: distributionSchema.nullable().default(null).describe('Phone and chat: time before a waiting customer gives up; null = forever'),
  })
  .superRefine((d, ctx) => {
    const values = Object.values(d.complexity) as number[];
    if (values.length > 0 && !(values.reduce((a, b) => a + b, 0) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['complexity'], input: d.complexity, message: 'expected weights that sum to more than 0' });
    }
  });

const demandModifiersSchema = z.strictObject({
  growthPerYear: z.number().min(-0.9).max(10).default(0).describe('Volume growth a year, e.g. 0.1 for +10%, compounded daily'),
  dayCv: z.number().min(0).max(2).default(0).describe('Day-level over-dispersion of volume; 0 = Poisson'),
  days: z
    .array(
      z.strictObject({
        date: localDate,
        multiplier: z.number().min(0).max(100),
        label: z.string().max(200).default(''),
      }),
    )
    .max(LIMITS.modifierDays)
    .default([])
    .superRefine(uniqueItems((d) => d.date, () => 'expected a date not listed before', 'date'))
    .describe('Local dates with a volume multiplier: holidays, release days'),
});

const incidentSchema = z
  .strictObject({
    name,
    start: localDateTime.describe("Local start in the scenario's zone"),
    durationHours: z.number().positive().max(24 * 31),
    tickets: z.number().positive().max(LIMITS.incidentTickets).describe('Expected tickets over the window'),
    priorityMix: z.partialRecord(z.enum(PRIORITIES), weights).default({ P1: 0.3, P2: 0.7 }),
    channel: z.enum(CHANNELS).default('phone'),
    category: name.default('general'),
    segment: name.default('standard'),
    entryTier: z.enum(TIERS).default('L1'),
    handleTime: distributionSchema.default({ type: 'lognormal', mean: 30, cv: 1 }),
  })
  .superRefine((incident, ctx) => {
    const values = Object.values(incident.priorityMix) as number[];
    if (!(values.reduce((a, b) => a + b, 0) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['priorityMix'], input: incident.priorityMix, message: 'expected weights that sum to more than 0' });
    }
  });

const deflectionSchema = z
  .array(z.strictObject({ category: name, share: z.number().min(0).max(1).describe('Share resolved by self-service') }))
  .max(LIMITS.deflections)
  .default([])
  .superRefine(uniqueItems((d) => d.category, () => 'expected a category not listed before', 'category'));

// ---------------------------------------------------------------------------------------------
// Routing, escalation, after-hours duty

const routingSchema = z.strictObject({
  policy: z.enum(ROUTING_POLICIES).default('priority'),
  preemptByP1: z.boolean().default(false).describe('A P1 interrupts a lower-priority touch'),
});

const escalationAction = z.enum(['bump-priority', 'raise-tier']).default('raise-tier');

const escalationSchema = z.strictObject({
  diagnosis: distributionSchema.default({ type: 'fixed', value: 15 }).describe('Time a tier below the complexity spends before escalating'),
  handoff: distributionSchema.default({ type: 'fixed', value: 5 }).describe('Context-transfer work of an escalation'),
  misroute: z.number().min(0).max(0.5).default(0).describe('Share escalated needlessly and sent back'),
  hierarchical: z
    .array(
      z.strictObject({
        priority: z.enum(PRIORITIES),
        clock: z.enum(CLOCKS),
        atShare: z.number().positive().max(1).default(0.8).describe('Share of the clock target at which the ticket is raised'),
        action: escalationAction,
      }),
    )
    .max(LIMITS.escalationRules)
    .default([])
    .superRefine(uniqueItems((r) => r.priority, (r) => `expected at most one hierarchical rule per priority (${r.priority} has one already)`, 'priority')),
  automatic: z
    .array(
      z.strictObject({
        priority: z.enum(PRIORITIES),
        afterMinutes: minutes('afterMinutes'),
        action: escalationAction,
      }),
    )
    .max(LIMITS.escalationRules)
    .default([])
    .superRefine(uniqueItems((r) => r.priority, (r) => `expected at most one automatic rule per priority (${r.priority} has one already)`, 'priority')),
});

const ackDutySchema = z.strictObject({
  enabled: z.boolean().default(false),
  calendar: calendarName.default(BUSINESS_CALENDAR).describe('Business hours; outside them the on-duty engineer acknowledges new tickets'),
  group: z.string().max(80).default('').describe('The group whose on-call roster covers the hours outside the calendar'),
  ackTime: distributionSchema.default({ type: 'fixed', value: 5 }),
  etaBusinessMinutes: z.number().min(0).max(LIMITS.minutes).default(240).describe('ETA promised: business minutes after the next opening'),
  followUp: distributionSchema.default({ type: 'fixed', value: 5 }).describe('The follow-up sent when the ETA is missed'),
  pagedPriorities: z
    .array(z.enum(PRIORITIES))
    .max(PRIORITIES.length)
    .default([])
    .superRefine(uniqueItems((p) => p, () => 'expected a priority not listed before'))
    .describe('Priorities worked fully after hours, not just acknowledged'),
});

// ---------------------------------------------------------------------------------------------
// SLA

const clockTargetSchema = z.strictObject({
  targetMinutes: minutes('targetMinutes'),
  calendar: calendarName.default(ALWAYS_OPEN_CALENDAR),
  pauseWhilePending: z.boolean().default(true).describe('Pause while the ticket waits for the customer'),
});

const slaPolicySchema = z.strictObject({
  name,
  priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).default([]).superRefine(uniqueItems((p) => p, () => 'expected a priority not listed before')),
  segments: z.array(name).max(LIMITS.policySegments).default([]).superRefine(uniqueItems((s) => s, () => 'expected a segment not listed before')),
  channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default([]).superRefine(uniqueItems((c) => c, () => 'expected a channel not listed before')),
  clocks: z
    .partialRecord(z.enum(CLOCKS), clockTargetSchema)
    // Only when every key is known: an unknown one has its own message, and dropping it must not add a second.
    .refine((c) => Object.keys(c).length > 0, { message: `expected at least one clock (${CLOCKS.join(', ')})`, when: (payload) => payload.issues.length === 0 })
    .describe('Targets by clock'),
});

const targetSchema = z.strictObject({
  clock: z.enum(CLOCKS),
  priority: z.enum(PRIORITIES),
  compliance: z.number().min(0).max(1).default(0.95).describe('Share of tickets that must meet the target'),
});

const lifecycleSchema = z.strictObject({
  reopenProbability: z.number().min(0).max(1).default(0),
  reopenWithinDays: z.number().positive().max(365).default(7),
});

// ---------------------------------------------------------------------------------------------

const scenarioObject = z
  .strictObject({
    $schema: z.string().max(500).optional().describe('Editors use this to find the JSON Schema'),
    version: z.literal(SCENARIO_VERSION),
    name,
    description: z.string().max(5000).default(''),
    start: localDateTime.default('2026-01-05T00:00').describe('Local date-time of the simulation start'),
    timeZone: timeZone.default('America/New_York'),
    horizonDays: z.number().positive().max(LIMITS.horizonDays).describe('Measured days'),
    warmupDays: z.number().min(0).max(LIMITS.warmupDays).default(0).describe('Days simulated first and not measured'),
    replications: z.number().int().min(1).max(LIMITS.replications).default(10),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
    calendars: calendarsSchema,
    groups: z.array(groupSchema).min(1).max(LIMITS.groups),
    demand: z.array(streamSchema).min(1).max(LIMITS.streams),
    demandModifiers: demandModifiersSchema.prefault({}),
    incidents: z.array(incidentSchema).max(LIMITS.incidents).default([]),
    deflection: deflectionSchema,
    routing: routingSchema.prefault({}),
    escalation: escalationSchema.prefault({}),
    ackDuty: ackDutySchema.prefault({}),
    slaPolicies: z.array(slaPolicySchema).max(LIMITS.slaPolicies).default([]),
    targets: z.array(targetSchema).max(LIMITS.slaTargets).default([]).describe('Compliance targets by clock and priority'),
    lifecycle: lifecycleSchema.prefault({}),
  })
  .superRefine((s, ctx) => {
    const issue = (path: PropertyKey[], input: unknown, message: string) => ctx.addIssue({ code: 'custom', path, input, message });
    try {
      parseLocalDateTime(s.start, s.timeZone);
    } catch (e) {
      issue(['start'], s.start, (e as Error).message);
    }
    uniqueNames(s.groups, 'groups', ctx);
    uniqueNames(s.demand, 'demand', ctx);
    uniqueNames(s.incidents, 'incidents', ctx);
    uniqueNames(s.slaPolicies, 'slaPolicies', ctx);

    // Groups and tiers.
    const engineering = s.groups.flatMap((g, i) => (g.tier === 'engineering' ? [i] : []));
    for (const i of engineering.slice(1)) {
      issue(['groups', i, 'tier'], s.groups[i].tier, `expected at most one engineering group ("${s.groups[engineering[0]].name}" is one already)`);
    }
    const staffed = s.groups.filter((g) => g.tier !== 'engineering');
    const staffedTiers = TIERS.filter((t) => staffed.some((g) => g.tier === t));
    const checkEntryTier = (tier: Tier, path: PropertyKey[]) => {
      // With no staffed group at all, the groups have their own issue.
      if (staffedTiers.length > 0 && !staffedTiers.includes(tier)) {
        issue(path, tier, `expected a tier some non-engineering group works (${staffedTiers.join(', ')})`);
      }
    };
    s.demand.forEach((d, i) => checkEntryTier(d.entryTier, ['demand', i, 'entryTier']));
    s.incidents.forEach((incident, i) => {
      checkEntryTier(incident.entryTier, ['incidents', i, 'entryTier']);
      try {
        parseLocalDateTime(incident.start, s.timeZone);
      } catch (e) {
        issue(['incidents', i, 'start'], incident.start, (e as Error).message);
      }
    });

    // Calendars referenced by name.
    const calendarNames = new Set([ALWAYS_OPEN_CALENDAR, BUSINESS_CALENDAR, ...Object.keys(s.calendars)]);
    const checkCalendar = (calendar: string, path: PropertyKey[]) => {
      if (!calendarNames.has(calendar)) issue(path, calendar, `expected the name of a calendar (${[...calendarNames].join(', ')})`);
    };
    checkCalendar(s.ackDuty.calendar, ['ackDuty', 'calendar']);
    s.slaPolicies.forEach((p, i) => {
      for (const clock of CLOCKS) {
        const target = p.clocks[clock];
        if (target !== undefined) checkCalendar(target.calendar, ['slaPolicies', i, 'clocks', clock, 'calendar']);
      }
    });

    // After-hours duty.
    if (s.ackDuty.enabled) {
      const names = staffed.map((g) => g.name);
      if (!names.includes(s.ackDuty.group)) {
        issue(['ackDuty', 'group'], s.ackDuty.group, `expected the name of the non-engineering group on duty after hours (${names.join(', ')})`);
      }
    }

    // Compliance targets: one per clock and priority, each with a policy that sets its clock.
    const seen = new Set<string>();
    s.targets.forEach((t, i) => {
      const key = `${t.clock}/${t.priority}`;
      if (seen.has(key)) issue(['targets', i], key, `a second ${t.clock} target for ${t.priority}`);
      seen.add(key);
      const covered = s.slaPolicies.some((p) => (p.priorities.length === 0 || p.priorities.includes(t.priority)) && p.clocks[t.clock] !== undefined);
      const article = /^[aeiou]/.test(t.clock) ? 'an' : 'a';
      if (!covered) issue(['targets', i], key, `no SLA policy sets ${article} ${t.clock} target for ${t.priority}`);
    });

    const headcount = s.groups.reduce((sum, g) => sum + (g.shifts.length > 0 ? g.shifts.reduce((n, sh) => n + sh.headcount, 0) : g.headcount), 0);
    if (headcount > LIMITS.headcount) issue(['groups'], headcount, `at most ${LIMITS.headcount} agents in all`);

    const tickets = ticketBound(s);
    // A rate or horizon out of range has its own issue; Infinity here would only repeat it as "about ∞ tickets".
    if (Number.isFinite(tickets) && tickets > LIMITS.ticketsPerReplication) {
      issue(
        ['demand'],
        Math.round(tickets),
        `about ${Math.round(tickets).toLocaleString('en-US')} tickets a replication; the limit is ${LIMITS.ticketsPerReplication.toLocaleString('en-US')} (shorten horizonDays or lower the rates)`,
      );
    }
  });

type Checked = z.output<typeof scenarioObject>;

/**
 * An upper bound on a replication's expected tickets: Poisson and weekly streams at their peak
 * growth, plus the extra volume of days with a multiplier above 1, trace instants, and incidents.
 */
function ticketBound(s: Checked): number {
  const days = s.warmupDays + s.horizonDays;
  const end = days * 24 * 60;
  // Growth compounds daily from the start: the last (partial) day has the largest factor.
  const growth = Math.max(1, (1 + s.demandModifiers.growthPerYear) ** (Math.ceil(days) / 365));
  let tickets = 0;
  let perDay = 0;
  for (const d of s.demand) {
    const a = d.arrivals;
    if (a.type === 'trace') {
      tickets += Array.isArray(a.minutes) ? a.minutes.length : 0;
    } else {
      tickets += expectedArrivals(a, end) * growth;
      perDay += expectedArrivals(a, Math.min(end, 24 * 60)) * growth;
    }
  }
  for (const day of s.demandModifiers.days) if (day.multiplier > 1) tickets += (day.multiplier - 1) * perDay;
  for (const incident of s.incidents) tickets += incident.tickets;
  return tickets;
}

/** The scenario as the model reads it: calendars, zones and follow-up work filled from the scenario. */
function complete(s: Checked) {
  const calendars: Record<string, CalendarSpec> = {
    [BUSINESS_CALENDAR]: { timeZone: s.timeZone, weekly: [{ ...BUSINESS_HOURS, days: [...BUSINESS_HOURS.days] }], holidays: [] },
  };
  for (const [key, c] of Object.entries(s.calendars)) calendars[key] = { ...c, timeZone: c.timeZone ?? s.timeZone };
  return {
    ...s,
    calendars,
    groups: s.groups.map((g) => ({ ...g, timeZone: g.timeZone ?? s.timeZone })),
    demand: s.demand.map((d) => ({ ...d, touches: { ...d.touches, followUp: d.touches.followUp ?? d.handleTime } })),
  };
}

export const scenarioSchema = scenarioObject.transform(complete);

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

/** The scenario type as a user writes it (defaults optional; a trace may still name a file). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
