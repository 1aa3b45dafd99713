import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from '../scenarios/jsonSchema.js';
import { parseScenario, parseScenarioText } from '../scenarios/parse.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIOS = join(ROOT, 'scenarios');
const bundledFiles = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json') && f !== JSON_SCHEMA_FILE)
  .sort();
const readBundled = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(SCENARIOS, file), 'utf8'));

/** A deep copy of erlang-c-check.json, changed by `edit`. */
function erlangWith(edit: (s: any) => void): Record<string, unknown> {
  const s = structuredClone(readBundled('erlang-c-check.json'));
  edit(s);
  return s;
}

const STACK = /\n\s+at\s|\bat .*\.(?:[cm]?js|ts):\d+:\d+|ZodError/;

/** The errors of a rejected input: a non-empty list of one-line messages with no stack trace or zod internals. */
function errorsOf(result: ReturnType<typeof parseScenario>): string[] {
  expect(result.ok).toBe(false);
  if (result.ok) return [];
  expect(result.errors.length).toBeGreaterThan(0);
  for (const message of result.errors) {
    expect(typeof message).toBe('string');
    expect(message.trim()).not.toBe('');
    expect(message).not.toMatch(STACK);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('[object Object]');
  }
  return result.errors;
}

/** Exactly one message, and it contains every fragment (path, value, expectation). */
function expectOneMessage(result: ReturnType<typeof parseScenario>, ...fragments: string[]): string {
  const errors = errorsOf(result);
  expect(errors).toHaveLength(1);
  for (const f of fragments) expect(errors[0]).toContain(f);
  return errors[0];
}

// ---------------------------------------------------------------------------------------------
// A small structural JSON Schema checker: enough of draft 2020-12 for what z.toJSONSchema emits
// here (types, const/enum, numeric and length bounds, patterns, items, properties, required,
// additionalProperties: false, oneOf). Formats and $ref are not needed and not supported.

type JsonSchema = Record<string, any>;

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'null':
      return v === null;
    default:
      return typeof v === type;
  }
}

function jsonSchemaErrors(schema: JsonSchema, v: unknown, path = '$'): string[] {
  const out: string[] = [];
  if (schema.$ref !== undefined) throw new Error(`$ref not supported (at ${path})`);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeOk(t, v))) return [`${path}: expected ${types.join('|')}`];
  }
  if ('const' in schema && v !== schema.const) out.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(v)) out.push(`${path}: expected one of ${schema.enum.join(', ')}`);
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < schema.minimum) out.push(`${path}: < minimum`);
    if (schema.maximum !== undefined && v > schema.maximum) out.push(`${path}: > maximum`);
    if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) out.push(`${path}: <= exclusiveMinimum`);
    if (schema.exclusiveMaximum !== undefined && v >= schema.exclusiveMaximum) out.push(`${path}: >= exclusiveMaximum`);
  }
  if (typeof v === 'string') {
    const length = [...v].length;
    if (schema.minLength !== undefined && length < schema.minLength) out.push(`${path}: shorter than minLength`);
    if (schema.maxLength !== undefined && length > schema.maxLength) out.push(`${path}: longer than maxLength`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(v)) out.push(`${path}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) out.push(`${path}: fewer than minItems`);
    if (schema.maxItems !== undefined && v.length > schema.maxItems) out.push(`${path}: more than maxItems`);
    if (schema.items) v.forEach((item, i) => out.push(...jsonSchemaErrors(schema.items, item, `${path}[${i}]`)));
  }
  if (typeOk('object', v)) {
    const obj = v as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) out.push(`${path}: missing required ${key}`);
    const props: Record<string, JsonSchema> = schema.properties ?? {};
    for (const [key, value] of Object.entries(obj)) {
      if (key in props) out.push(...jsonSchemaErrors(props[key], value, `${path}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${path}: unknown field ${key}`);
    }
  }
  if (schema.oneOf) {
    const matches = (schema.oneOf as JsonSchema[]).filter((s) => jsonSchemaErrors(s, v, path).length === 0).length;
    if (matches !== 1) out.push(`${path}: matches ${matches} of oneOf, expected exactly 1`);
  }
  if (schema.anyOf && !(schema.anyOf as JsonSchema[]).some((s) => jsonSchemaErrors(s, v, path).length === 0)) {
    out.push(`${path}: matches none of anyOf`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('bundled scenarios', () => {
  it('finds the bundled scenarios', () => {
    expect(bundledFiles).toContain('erlang-c-check.json');
    expect(bundledFiles).toContain('starter-desk.json');
  });

  it.each(bundledFiles)('%s parses and points editors at the JSON Schema', (file) => {
    const text = readFileSync(join(SCENARIOS, file), 'utf8');
    const result = parseScenarioText(text);
    if (!result.ok) throw new Error(`${file}:\n${result.errors.join('\n')}`);
    expect(result.scenario.version).toBe(1);
    expect(JSON.parse(text).$schema).toBe(`./${JSON_SCHEMA_FILE}`);
  });
});

describe('JSON Schema export', () => {
  const committedText = readFileSync(join(SCENARIOS, JSON_SCHEMA_FILE), 'utf8');
  const committed = JSON.parse(committedText) as JsonSchema;

  it('the committed scenario.schema.json is what scenarioJsonSchema() generates (run `npm run schema` if not)', () => {
    expect(committed).toEqual(scenarioJsonSchema());
    expect(committedText).toBe(scenarioJsonSchemaText());
    expect(committedText.endsWith('}\n')).toBe(true);
  });

  it('describes the input shape: a titled draft 2020-12 object schema, defaulted fields optional', () => {
    expect(committed.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(committed.title).toMatch(/supportsim scenario/);
    expect(typeof committed.description).toBe('string');
    expect(committed.type).toBe('object');
    expect(committed.additionalProperties).toBe(false);
    expect([...committed.required].sort()).toEqual(['demand', 'groups', 'horizonDays', 'name', 'version']);
    const defaultedFields = ['description', 'start', 'timeZone', 'warmupDays', 'replications', 'seed', 'calendars', 'demandModifiers', 'incidents'];
    defaultedFields.push('deflection', 'routing', 'escalation', 'ackDuty', 'slaPolicies', 'targets', 'lifecycle');
    for (const defaulted of defaultedFields) {
      expect(committed.properties).toHaveProperty(defaulted);
      expect(committed.required).not.toContain(defaulted);
    }
    expect(committed.properties.version.const).toBe(1);
    expect(committed.properties).not.toHaveProperty('sla');
    expect(committed.properties.groups.items.required).toEqual(['name']);
    expect(committed.properties.demand.items.required).toEqual(['name', 'arrivals', 'handleTime']);
    expect(committed.properties.demand.items.properties.handleTime.oneOf).toHaveLength(8);
  });

  it.each(bundledFiles)('%s validates structurally against the JSON Schema', (file) => {
    const scenario = readBundled(file);
    for (const key of committed.required as string[]) expect(scenario).toHaveProperty(key);
    expect(jsonSchemaErrors(committed, scenario)).toEqual([]);
  });

  it('the structural checker is not vacuous: it rejects what the JSON Schema can express', () => {
    const bad: Array<[(s: any) => void, RegExp]> = [
      [(s) => delete s.horizonDays, /missing required horizonDays/],
      [(s) => (s.groups[0].headcount = 'ten'), /\$\.groups\[0\]\.headcount: expected integer/],
      [(s) => (s.groups[0].foo = 1), /unknown field foo/],
      [(s) => (s.version = 2), /\$\.version: expected 1/],
      [(s) => (s.demand[0].arrivals.perHour = -5), /\$\.demand\[0\]\.arrivals: matches 0 of oneOf/],
      [(s) => (s.demand[0].handleTime = { type: 'nope', mean: 1 }), /handleTime: matches 0 of oneOf/],
    ];
    for (const [edit, expected] of bad) {
      expect(jsonSchemaErrors(committed, erlangWith(edit)).join('\n')).toMatch(expected);
    }
  });
});

describe('clear messages for bad input', () => {
  it('wrong type: headcount "ten"', () => {
    expectOneMessage(parseScenario(erlangWith((s) => (s.groups[0].headcount = 'ten'))), 'groups[0].headcount', 'expected a number', 'got "ten"');
  });

  it('negative rate: perHour -5', () => {
    expectOneMessage(parseScenario(erlangWith((s) => (s.demand[0].arrivals.perHour = -5))), 'demand[0].arrivals.perHour', 'expected a number > 0', 'got -5');
  });

  it('zero agents: headcount 0 and no shifts', () => {
    expectOneMessage(
      parseScenario(erlangWith((s) => (s.groups[0].headcount = 0))),
      'groups[0].headcount',
      'expected a number >= 1 or at least one shift for group "agents"',
      'got 0',
    );
    expectOneMessage(parseScenario(erlangWith((s) => (s.groups[0].headcount = -1))), 'groups[0].headcount', 'expected a number >= 0', 'got -1');
  });

  it('unknown field: groups[0].foo names the allowed fields', () => {
    expectOneMessage(
      parseScenario(erlangWith((s) => (s.groups[0].foo = 1))),
      'groups[0]',
      'unknown field "foo"',
      'expected only name, tier, headcount',
    );
    expectOneMessage(
      parseScenario(erlangWith((s) => (s.demand[0].handleTime.sd = 2))),
      'demand[0].handleTime',
      'unknown field "sd"',
      'expected only type, mean',
    );
  });

  it('empty file', () => {
    for (const text of ['', '   \n\t']) {
      expectOneMessage(parseScenarioText(text), 'the scenario is empty', 'expected a JSON object');
    }
  });

  it('not JSON: "{name:"', () => {
    const message = expectOneMessage(parseScenarioText('{name:'), 'the scenario is not valid JSON');
    expect(message).toMatch(/position 1/);
  });

  it('huge numbers: perHour 1e308 and horizonDays 1e9', () => {
    const rate = expectOneMessage(
      parseScenario(erlangWith((s) => (s.demand[0].arrivals.perHour = 1e308))),
      'demand[0].arrivals.perHour',
      'expected a number <= 1000000',
      'got 1e+308',
    );
    expect(rate).not.toMatch(/∞|Infinity/);

    const errors = errorsOf(parseScenario(erlangWith((s) => (s.horizonDays = 1e9))));
    expect(errors[0]).toBe('horizonDays: expected a number <= 3660, got 1000000000');
    // The ticket budget may add its own line; it must be a readable number, not Infinity.
    for (const message of errors.slice(1)) expect(message).toMatch(/^demand: about [\d,]+ tickets a replication; the limit is 5,000,000/);

    // The same through the text path, as a file would give them.
    const text = JSON.stringify(erlangWith((s) => (s.horizonDays = 1e9))).replace('1000000000', '1e9');
    expect(errorsOf(parseScenarioText(text))[0]).toContain('horizonDays: expected a number <= 3660');
  });

  it('NaN: not JSON in a file, and a clear type error when passed as a value', () => {
    const text = JSON.stringify(erlangWith((s) => (s.horizonDays = 12345))).replace('12345', 'NaN');
    expectOneMessage(parseScenarioText(text), 'the scenario is not valid JSON');
    expectOneMessage(parseScenario(erlangWith((s) => (s.horizonDays = Number.NaN))), 'horizonDays', 'expected a number', 'got NaN');
    expectOneMessage(parseScenario(erlangWith((s) => (s.demand[0].arrivals.perHour = Number.NaN))), 'demand[0].arrivals.perHour', 'got NaN');
    expectOneMessage(parseScenario(erlangWith((s) => (s.horizonDays = Infinity))), 'horizonDays', 'expected a number', 'got Infinity');
    expectOneMessage(parseScenario(Number.NaN), '(top level)', 'expected an object', 'got NaN');
  });

  it('missing required field: no horizonDays', () => {
    expectOneMessage(parseScenario(erlangWith((s) => delete s.horizonDays)), 'horizonDays', 'expected a number', 'missing');
  });

  it('wrong version: 2', () => {
    expectOneMessage(parseScenario(erlangWith((s) => (s.version = 2))), 'version', 'expected 1', 'got 2');
  });

  it('not an object at the top level', () => {
    expectOneMessage(parseScenarioText('[]'), '(top level)', 'expected an object', 'got a list of 0 items');
    expectOneMessage(parseScenarioText('null'), '(top level)', 'expected an object', 'got null');
    expectOneMessage(parseScenarioText('42'), '(top level)', 'expected an object', 'got 42');
  });

  it('more type and range errors', () => {
    expectOneMessage(parseScenario(erlangWith((s) => (s.groups[0].headcount = 1.5))), 'groups[0].headcount', 'expected a whole number', 'got 1.5');
    expectOneMessage(
      parseScenario(erlangWith((s) => (s.demand[0].handleTime = { type: 'normal', mean: 3 }))),
      'demand[0].handleTime.type',
      'expected one of "exponential", "lognormal"',
      'got "normal"',
    );
    expectOneMessage(
      parseScenario(erlangWith((s) => (s.demand[0].arrivals = { type: 'weekly', perWeek: 10, hourOfWeek: [1, 2, 3] }))),
      'demand[0].arrivals.hourOfWeek',
      'expected exactly 168 items',
      'got a list of 3 items',
    );
    expectOneMessage(parseScenario(erlangWith((s) => (s.routing.policy = 'random'))), 'routing.policy', 'expected "fifo" or "priority"', 'got "random"');
    expectOneMessage(parseScenario(erlangWith((s) => (s.groups[0].headcount = 10n))), 'groups[0].headcount', 'expected a number', 'got 10n');
    const tz = errorsOf(parseScenario(erlangWith((s) => (s.timeZone = 'Mars/Olympus'))));
    expect(tz[0]).toBe('timeZone: expected an IANA time zone such as America/New_York, got "Mars/Olympus"');
  });

  it('several problems are all reported, each on its own', () => {
    const errors = errorsOf(
      parseScenario(
        erlangWith((s) => {
          s.groups[0].headcount = 0;
          s.demand[0].arrivals.perHour = -5;
          s.targets[0].compliance = 2;
        }),
      ),
    );
    expect(errors).toEqual([
      'groups[0].headcount: expected a number >= 1 or at least one shift for group "agents", got 0',
      'demand[0].arrivals.perHour: expected a number > 0, got -5',
      'targets[0].compliance: expected a number <= 1, got 2',
    ]);
  });

  describe('cross-field rules', () => {
    it('a stream entering at a tier no group works', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.demand[0].entryTier = 'L2'))),
        'demand[0].entryTier',
        'expected a tier some non-engineering group works (L1)',
        'got "L2"',
      );
      expectOneMessage(
        parseScenario(
          erlangWith((s) => {
            s.groups.push({ name: 'eng', tier: 'engineering', turnaround: { type: 'fixed', value: 60 } });
            s.demand[0].entryTier = 'engineering';
          }),
        ),
        'demand[0].entryTier',
        'expected a tier some non-engineering group works (L1)',
        'got "engineering"',
      );
    });

    it('duplicate group names', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => s.groups.push({ name: 'agents', headcount: 2 }))),
        'groups[1].name',
        'expected a name not used before',
        'got "agents"',
      );
    });

    it('triangular min > max', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.demand[0].handleTime = { type: 'triangular', min: 10, mode: 5, max: 3 }))),
        'demand[0].handleTime.mode',
        'expected min (10) <= mode <= max (3)',
        'got 5',
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.demand[0].handleTime = { type: 'uniform', min: 10, max: 3 }))),
        'demand[0].handleTime.max',
        'expected max >= min (10)',
        'got 3',
      );
    });

    it('too many expected tickets', () => {
      expectOneMessage(
        parseScenario(
          erlangWith((s) => {
            s.demand[0].arrivals.perHour = 100_000;
            s.horizonDays = 1000;
          }),
        ),
        'demand: about 2,400,300,000 tickets a replication',
        'the limit is 5,000,000',
        'shorten horizonDays or lower the rates',
      );
    });

    it('too many expected tickets when a short run sits on the peak hour of a weekly profile', () => {
      const hourOfWeek = new Array<number>(168).fill(0);
      hourOfWeek[0] = 1; // the whole weekly volume on Monday 00:00-01:00, where the run starts
      const result = parseScenario(
        erlangWith((s) => {
          s.timeZone = 'UTC';
          s.start = '2026-01-05T00:00';
          s.horizonDays = 1 / 24;
          s.warmupDays = 0;
          s.demand[0].arrivals = { type: 'weekly', perWeek: 1e8, hourOfWeek };
        }),
      );
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toMatch(/demand: about [\d,]+ tickets a replication; the limit is 5,000,000/);
    });

    it('a second SLA target for the same clock and priority', () => {
      expectOneMessage(parseScenario(erlangWith((s) => s.targets.push({ ...s.targets[0] }))), 'targets[1]', 'a second acknowledge target for P2');
    });

    const eng = { name: 'eng', tier: 'engineering', turnaround: { type: 'lognormal', mean: 480, cv: 1 } };

    it('an engineering group needs a turnaround, has no agents, and there is at most one', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => s.groups.push({ name: 'eng', tier: 'engineering' }))),
        'groups[1].turnaround',
        'group "eng" is engineering',
        'expected a turnaround distribution',
        'got null',
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => s.groups.push({ ...eng, headcount: 3 }))),
        'groups[1].headcount',
        'expected no headcount',
        'got 3',
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => s.groups.push({ ...eng, shifts: [{ name: 'day', days: ['Mon'], from: '09:00', to: '17:00', headcount: 1 }] }))),
        'groups[1].shifts',
        'expected no shifts',
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => s.groups.push(eng, { ...eng, name: 'eng 2' }))),
        'groups[2].tier',
        'expected at most one engineering group ("eng" is one already)',
        'got "engineering"',
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.groups[0].turnaround = { type: 'fixed', value: 5 }))),
        'groups[0].turnaround',
        'expected a turnaround only on the engineering group',
      );
      const ok = parseScenario(erlangWith((s) => s.groups.push(eng)));
      if (!ok.ok) throw new Error(ok.errors.join('\n'));
      expect(ok.scenario.groups[1]).toMatchObject({ tier: 'engineering', headcount: 0, shifts: [], turnaround: eng.turnaround });
    });

    it('a group with neither headcount nor shifts', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.groups[0] = { name: 'agents' }))),
        'groups[0].headcount',
        'expected a number >= 1 or at least one shift for group "agents"',
        'got 0',
      );
    });

    it('shifts: a group staffed by shifts alone, and bad weekdays and times', () => {
      const shift = { name: 'day', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '08:00', to: '17:00', headcount: 5 };
      const withShift = (edit: (sh: any) => void) =>
        erlangWith((s) => {
          s.groups[0] = { name: 'agents', shifts: [{ ...shift, days: [...shift.days] }] };
          edit(s.groups[0].shifts[0]);
        });
      const ok = parseScenario(withShift(() => {}));
      if (!ok.ok) throw new Error(ok.errors.join('\n'));
      expect(ok.scenario.groups[0]).toMatchObject({ headcount: 0, shifts: [shift], timeZone: 'UTC' });
      expect(parseScenario(withShift((sh) => ((sh.from = '22:00'), (sh.to = '06:00')))).ok).toBe(true);
      expect(parseScenario(withShift((sh) => (sh.to = '24:00'))).ok).toBe(true);

      expectOneMessage(
        parseScenario(withShift((sh) => (sh.days = ['Mon', 'Funday']))),
        'groups[0].shifts[0].days[1]',
        'expected "Mon" or "Tue" or "Wed" or "Thu" or "Fri" or "Sat" or "Sun"',
        'got "Funday"',
      );
      expectOneMessage(parseScenario(withShift((sh) => (sh.days = ['Mon', 'Mon']))), 'groups[0].shifts[0].days[1]', 'expected a weekday not listed before', 'got "Mon"');
      expectOneMessage(parseScenario(withShift((sh) => (sh.days = []))), 'groups[0].shifts[0].days', 'expected at least 1 item', 'got a list of 0 items');
      expectOneMessage(parseScenario(withShift((sh) => (sh.from = '8:00'))), 'groups[0].shifts[0].from', "expected a time 'HH:MM' from 00:00 to 23:59", 'got "8:00"');
      expectOneMessage(parseScenario(withShift((sh) => (sh.from = '24:00'))), 'groups[0].shifts[0].from', "expected a time 'HH:MM'", 'got "24:00"');
      expectOneMessage(parseScenario(withShift((sh) => (sh.to = '17:60'))), 'groups[0].shifts[0].to', "expected a time 'HH:MM' from 00:00 to 23:59, or 24:00", 'got "17:60"');
      expectOneMessage(parseScenario(withShift((sh) => (sh.headcount = 0))), 'groups[0].shifts[0].headcount', 'expected a number >= 1', 'got 0');
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.groups[0].shifts = [shift]))),
        'groups[0].headcount',
        'expected no 24x7 headcount besides them',
        'got 14',
      );
    });

    it('a calendar name that does not exist', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.slaPolicies[0].clocks.acknowledge.calendar = 'office'))),
        'slaPolicies[0].clocks.acknowledge.calendar',
        'expected the name of a calendar (24x7, business)',
        'got "office"',
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.ackDuty = { calendar: 'office' }))),
        'ackDuty.calendar',
        'expected the name of a calendar (24x7, business)',
        'got "office"',
      );
      const office = { weekly: [{ days: ['Mon', 'Tue'], from: '09:00', to: '18:00' }] };
      const ok = parseScenario(
        erlangWith((s) => {
          s.calendars = { office };
          s.slaPolicies[0].clocks.acknowledge.calendar = 'office';
        }),
      );
      expect(ok.ok).toBe(true);
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.calendars = { '24x7': office }))),
        'calendars.24x7',
        "'24x7' is built in (always open) and cannot be redefined",
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.calendars = { office: { ...office, holidays: ['2026-02-30'] } }))),
        'calendars.office.holidays[0]',
        'expected a date that exists (YYYY-MM-DD)',
        'got "2026-02-30"',
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.calendars = { '': office }))),
        'calendars: the name "" is not allowed',
        'expected at least 1 character',
      );
      expectOneMessage(parseScenario(erlangWith((s) => (s.calendars = []))), 'calendars', 'expected an object', 'got a list of 0 items');
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.calendars = { office: { ...office, weekly: [] } }))),
        'calendars.office.weekly',
        'expected at least 1 item',
      );
    });

    it('after-hours duty enabled without a group', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.ackDuty = { enabled: true }))),
        'ackDuty.group',
        'expected the name of the non-engineering group on duty after hours (agents)',
        'got ""',
      );
      expectOneMessage(
        parseScenario(
          erlangWith((s) => {
            s.groups.push(eng);
            s.ackDuty = { enabled: true, group: 'eng' };
          }),
        ),
        'ackDuty.group',
        'got "eng"',
      );
      expect(parseScenario(erlangWith((s) => (s.ackDuty = { enabled: true, group: 'agents' }))).ok).toBe(true);
      expect(parseScenario(erlangWith((s) => (s.ackDuty = { enabled: false }))).ok).toBe(true);
    });

    it('two escalation rules for one priority', () => {
      expectOneMessage(
        parseScenario(
          erlangWith((s) => {
            s.escalation = {
              hierarchical: [
                { priority: 'P2', clock: 'acknowledge' },
                { priority: 'P2', clock: 'resolution', atShare: 0.5 },
              ],
            };
          }),
        ),
        'escalation.hierarchical[1].priority',
        'expected at most one hierarchical rule per priority (P2 has one already)',
        'got "P2"',
      );
      expectOneMessage(
        parseScenario(
          erlangWith((s) => {
            s.escalation = {
              automatic: [
                { priority: 'P1', afterMinutes: 10 },
                { priority: 'P1', afterMinutes: 20, action: 'bump-priority' },
              ],
            };
          }),
        ),
        'escalation.automatic[1].priority',
        'expected at most one automatic rule per priority (P1 has one already)',
      );
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.escalation = { hierarchical: [{ priority: 'P2', clock: 'acknowledge', atShare: 0 }] }))),
        'escalation.hierarchical[0].atShare',
        'expected a number > 0',
        'got 0',
      );
    });

    it('a compliance target no SLA policy sets', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => s.targets.push({ clock: 'resolution', priority: 'P2' }))),
        'targets[1]',
        'no SLA policy sets a resolution target for P2',
      );
      // A policy for P1 only does not cover a P2 target.
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.slaPolicies[0].priorities = ['P1']))),
        'targets[0]',
        'no SLA policy sets an acknowledge target for P2',
      );
      // The empty policy no longer backs the target either: two messages, the cause first.
      const empty = errorsOf(parseScenario(erlangWith((s) => (s.slaPolicies[0].clocks = {}))));
      expect(empty).toEqual([
        'slaPolicies[0].clocks: expected at least one clock (acknowledge, actionable, update, resolution), got an object',
        'targets[0]: no SLA policy sets an acknowledge target for P2, got "acknowledge/P2"',
      ]);
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.slaPolicies[0].clocks.answer = { targetMinutes: 1 }))),
        'slaPolicies[0].clocks',
        'unknown field "answer"',
        'expected only acknowledge, actionable, update, resolution',
      );
    });

    it('the old sla list and stream groups are gone', () => {
      const sla = expectOneMessage(
        parseScenario(erlangWith((s) => (s.sla = [{ clock: 'acknowledge', priority: 'P2', targetMinutes: 1 }]))),
        '(top level)',
        'unknown field "sla"',
      );
      expect(sla).toContain('slaPolicies, targets');
      expectOneMessage(parseScenario(erlangWith((s) => (s.demand[0].group = 'agents'))), 'demand[0]', 'unknown field "group"', 'entryTier');
    });

    it('trace arrivals: sorted minutes; a trace file must be read before validation', () => {
      const withTrace = (arrivals: unknown) => erlangWith((s) => (s.demand[0].arrivals = arrivals));
      const ok = parseScenario(withTrace({ type: 'trace', minutes: [0, 0.5, 0.5, 7, 1000] }));
      if (!ok.ok) throw new Error(ok.errors.join('\n'));
      expect(ok.scenario.demand[0].arrivals).toEqual({ type: 'trace', minutes: [0, 0.5, 0.5, 7, 1000] });
      expectOneMessage(
        parseScenario(withTrace({ type: 'trace', minutes: [0, 5, 3, 9] })),
        'demand[0].arrivals.minutes[2]',
        'expected arrival minutes in ascending order (the one before is 5)',
        'got 3',
      );
      expectOneMessage(parseScenario(withTrace({ type: 'trace', minutes: [-1, 2] })), 'demand[0].arrivals.minutes[0]', 'expected a number >= 0', 'got -1');
      for (const arrivals of [
        { type: 'trace', file: 'calls.csv' },
        { type: 'trace', file: 'calls.csv', column: 'opened' },
      ]) {
        expectOneMessage(
          parseScenario(withTrace(arrivals)),
          'demand[0].arrivals.file',
          'trace files are read by the CLI/app before validation (resolveTraceFiles)',
          'got "calls.csv"',
        );
      }
      expectOneMessage(parseScenario(withTrace({ type: 'trace' })), 'demand[0].arrivals.minutes', 'expected a list of arrival minutes', 'missing');
      expectOneMessage(parseScenario(withTrace({ type: 'trace', minutes: [1], foo: 1 })), 'demand[0].arrivals', 'unknown field "foo"', 'expected only type, minutes, file, column');
    });

    it('complexity, incidents, modifiers and deflection', () => {
      expectOneMessage(parseScenario(erlangWith((s) => (s.demand[0].complexity = { L1: 0, L2: 0 }))), 'demand[0].complexity', 'expected weights that sum to more than 0');
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.demand[0].complexity = { L5: 1 }))),
        'demand[0].complexity',
        'unknown field "L5"',
        'expected only L0, L1, L2, L3, engineering',
      );
      // A complexity above the entry tier with no group at that tier is the model's business; the schema accepts it.
      expect(parseScenario(erlangWith((s) => (s.demand[0].complexity = { L0: 1, L1: 3 }))).ok).toBe(true);
      const incident = { name: 'outage', start: '2026-01-06T10:00', durationHours: 4, tickets: 300 };
      const ok = parseScenario(erlangWith((s) => (s.incidents = [incident])));
      if (!ok.ok) throw new Error(ok.errors.join('\n'));
      expect(ok.scenario.incidents[0]).toEqual({
        ...incident,
        priorityMix: { P1: 0.3, P2: 0.7 },
        channel: 'phone',
        category: 'general',
        segment: 'standard',
        entryTier: 'L1',
        handleTime: { type: 'lognormal', mean: 30, cv: 1 },
      });
      expectOneMessage(parseScenario(erlangWith((s) => (s.incidents = [{ ...incident, start: '2026-02-30T10:00' }]))), 'incidents[0].start', 'got "2026-02-30T10:00"');
      expectOneMessage(parseScenario(erlangWith((s) => (s.incidents = [{ ...incident, priorityMix: { P1: 0 } }]))), 'incidents[0].priorityMix', 'expected weights that sum to more than 0');
      expectOneMessage(parseScenario(erlangWith((s) => (s.incidents = [{ ...incident, entryTier: 'L3' }]))), 'incidents[0].entryTier', 'expected a tier some non-engineering group works (L1)');
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.demandModifiers = { days: [{ date: '2026-12-25', multiplier: 0.3 }, { date: '2026-12-25', multiplier: 0.5 }] }))),
        'demandModifiers.days[1].date',
        'expected a date not listed before',
      );
      expectOneMessage(parseScenario(erlangWith((s) => (s.demandModifiers = { growthPerYear: -1 }))), 'demandModifiers.growthPerYear', 'expected a number >= -0.9', 'got -1');
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.deflection = [{ category: 'how-to', share: 0.2 }, { category: 'how-to', share: 0.1 }]))),
        'deflection[1].category',
        'expected a category not listed before',
      );
    });

    it('the ticket budget counts incidents, traces, growth and busy days', () => {
      const budget = /^demand: about [\d,]+ tickets a replication; the limit is 5,000,000/;
      const verdict = (edit: (s: any) => void) => {
        const result = parseScenario(erlangWith(edit));
        return result.ok ? 'ok' : result.errors;
      };
      // 200 an hour for a year is about 1,750,000 tickets: within the budget.
      const year = (s: any) => (s.horizonDays = 365);
      expect(verdict(year)).toBe('ok');
      // +1000% a year.
      expect(verdict((s) => (year(s), (s.demandModifiers = { growthPerYear: 10 })))).toEqual([expect.stringMatching(budget)]);
      // Ten days at 100 times the volume add about 4,750,000.
      const busy = Array.from({ length: 10 }, (_, i) => ({ date: `2026-02-${String(i + 10)}`, multiplier: 100 }));
      expect(verdict((s) => (year(s), (s.demandModifiers = { days: busy })))).toEqual([expect.stringMatching(budget)]);
      expect(verdict((s) => (year(s), (s.demandModifiers = { days: busy.map((d) => ({ ...d, multiplier: 0.3 })) })))).toBe('ok');
      // Incidents: 4 x 1,000,000 on top.
      const incidents = Array.from({ length: 4 }, (_, i) => ({ name: `i${i}`, start: '2026-01-06T10:00', durationHours: 1, tickets: 1e6 }));
      expect(verdict((s) => (year(s), (s.incidents = incidents)))).toEqual([expect.stringMatching(budget)]);
      expect(verdict((s) => (s.incidents = incidents))).toBe('ok');
      // A trace counts its instants (2,000,000 here, with 3,500,000 from a second Poisson stream over two years).
      const trace = { name: 'replay', arrivals: { type: 'trace', minutes: new Array(2_000_000).fill(5) }, handleTime: { type: 'fixed', value: 1 } };
      expect(verdict((s) => ((s.horizonDays = 730), s.demand.push(trace)))).toEqual([expect.stringMatching(budget)]);
      expect(verdict((s) => s.demand.push(trace))).toBe('ok');
    });
  });
});

describe('defaults keep a small scenario small', () => {
  const small = {
    version: 1,
    name: 'small',
    timeZone: 'Europe/Paris',
    horizonDays: 1,
    groups: [{ name: 'desk', headcount: 3 }],
    demand: [{ name: 'mail', arrivals: { type: 'poisson', perHour: 4 }, handleTime: { type: 'exponential', mean: 10 } }],
  };

  it('fills every field the model reads', () => {
    const result = parseScenario(small);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const s = result.scenario;
    expect(s.calendars).toEqual({
      business: { timeZone: 'Europe/Paris', weekly: [{ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '08:00', to: '17:00' }], holidays: [] },
    });
    expect(s.calendars).not.toHaveProperty('24x7');
    expect(s.groups[0]).toEqual({
      name: 'desk',
      tier: 'L1',
      headcount: 3,
      shifts: [],
      timeZone: 'Europe/Paris',
      skills: [],
      shrinkage: { breaks: [], absence: 0 },
      shiftEnd: 'finish',
      chatConcurrency: 1,
      turnaround: null,
      costPerHour: 40,
    });
    expect(s.demand[0]).toEqual({
      name: 'mail',
      channel: 'email',
      priority: 'P3',
      category: 'general',
      segment: 'standard',
      entryTier: 'L1',
      arrivals: { type: 'poisson', perHour: 4 },
      handleTime: { type: 'exponential', mean: 10 },
      touches: { count: { type: 'fixed', value: 1 }, followUp: { type: 'exponential', mean: 10 }, customerDelay: { type: 'exponential', mean: 240 } },
      complexity: {},
      patience: null,
    });
    expect(s.demandModifiers).toEqual({ growthPerYear: 0, dayCv: 0, days: [] });
    expect(s.incidents).toEqual([]);
    expect(s.deflection).toEqual([]);
    expect(s.routing).toEqual({ policy: 'priority', preemptByP1: false });
    expect(s.escalation).toEqual({ diagnosis: { type: 'fixed', value: 15 }, handoff: { type: 'fixed', value: 5 }, misroute: 0, hierarchical: [], automatic: [] });
    expect(s.ackDuty).toEqual({
      enabled: false,
      calendar: 'business',
      group: '',
      ackTime: { type: 'fixed', value: 5 },
      etaBusinessMinutes: 240,
      followUp: { type: 'fixed', value: 5 },
      pagedPriorities: [],
    });
    expect(s.slaPolicies).toEqual([]);
    expect(s.targets).toEqual([]);
    expect(s.lifecycle).toEqual({ reopenProbability: 0, reopenWithinDays: 7 });
  });

  it('partial objects get the same defaults field by field', () => {
    const result = parseScenario({
      ...small,
      calendars: { business: { timeZone: 'UTC', weekly: [{ days: ['Sat'], from: '10:00', to: '14:00' }] }, night: { weekly: [{ days: ['Mon'], from: '22:00', to: '06:00' }] } },
      demand: [{ ...small.demand[0], touches: { count: { type: 'fixed', value: 3 } } }],
      routing: { preemptByP1: true },
      escalation: { misroute: 0.1, hierarchical: [{ priority: 'P1', clock: 'resolution' }] },
      slaPolicies: [{ name: 'all', clocks: { resolution: { targetMinutes: 480, calendar: 'night' } } }],
      targets: [{ clock: 'resolution', priority: 'P3' }],
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const s = result.scenario;
    expect(s.calendars).toEqual({
      business: { timeZone: 'UTC', weekly: [{ days: ['Sat'], from: '10:00', to: '14:00' }], holidays: [] },
      night: { timeZone: 'Europe/Paris', weekly: [{ days: ['Mon'], from: '22:00', to: '06:00' }], holidays: [] },
    });
    expect(s.demand[0].touches).toEqual({
      count: { type: 'fixed', value: 3 },
      followUp: { type: 'exponential', mean: 10 },
      customerDelay: { type: 'exponential', mean: 240 },
    });
    expect(s.routing).toEqual({ policy: 'priority', preemptByP1: true });
    expect(s.escalation.hierarchical).toEqual([{ priority: 'P1', clock: 'resolution', atShare: 0.8, action: 'raise-tier' }]);
    expect(s.slaPolicies).toEqual([
      { name: 'all', priorities: [], segments: [], channels: [], clocks: { resolution: { targetMinutes: 480, calendar: 'night', pauseWhilePending: true } } },
    ]);
    expect(s.targets).toEqual([{ clock: 'resolution', priority: 'P3', compliance: 0.95 }]);
  });

  it.each([...bundledFiles, 'small'])('parsing is idempotent: a parsed scenario (%s) parses to itself', (file) => {
    const first = parseScenario(file === 'small' ? small : readBundled(file));
    if (!first.ok) throw new Error(first.errors.join('\n'));
    const again = parseScenario(structuredClone(first.scenario));
    if (!again.ok) throw new Error(again.errors.join('\n'));
    expect(again.scenario).toEqual(first.scenario);
  });
});

describe('CLI', () => {
  const CLI = join(ROOT, 'bin', 'supportsim.js');
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'supportsim-schema-test-'));
    // `npm test` builds first; build here only when run on its own against a clean checkout.
    if (!existsSync(join(ROOT, 'dist', 'workers', 'cli.js'))) {
      const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
      if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    }
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function cli(...args: string[]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  function tmpFile(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  function expectNoStack(stderr: string): void {
    expect(stderr).not.toMatch(STACK);
    expect(stderr).not.toContain('internal error');
  }

  it('validate: a bad file exits 1 with a one-line reason', () => {
    const file = tmpFile('bad-headcount.json', JSON.stringify(erlangWith((s) => (s.groups[0].headcount = 'ten'))));
    const r = cli('validate', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`supportsim: ${file}: groups[0].headcount: expected a number, got "ten"`);
    expectNoStack(r.stderr);
  });

  it('validate: several problems exit 1 with a count, then one indented line each', () => {
    const file = tmpFile('bad-two.json', JSON.stringify(erlangWith((s) => ((s.groups[0].headcount = 0), (s.version = 2)))));
    const r = cli('validate', file);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`supportsim: ${file}: 2 problems`);
    expect(lines.slice(1).sort()).toEqual(['  groups[0].headcount: expected a number >= 1 or at least one shift for group "agents", got 0', '  version: expected 1, got 2']);
    expectNoStack(r.stderr);
  });

  it('validate: empty, not-JSON and NaN files exit 1', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['empty.json', '', /the scenario is empty/],
      ['broken.json', '{name:', /not valid JSON/],
      ['nan.json', JSON.stringify(erlangWith((s) => (s.horizonDays = 12345))).replace('12345', 'NaN'), /not valid JSON/],
    ];
    for (const [name, text, expected] of cases) {
      const file = tmpFile(name, text);
      const r = cli('validate', file);
      expect(r.status).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^supportsim: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(r.stderr).toMatch(expected);
      expectNoStack(r.stderr);
    }
  });

  it('validate: a missing file exits 1', () => {
    const file = join(dir, 'does-not-exist.json');
    const r = cli('validate', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^supportsim: .*does-not-exist\.json: cannot read the file \(ENOENT\)\n$/);
    expectNoStack(r.stderr);
  });

  it('validate: a good file exits 0', () => {
    const r = cli('validate', 'scenarios/erlang-c-check.json');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('valid scenario "erlang-c-check"');
  });

  it.each([
    ['run with no file', ['run']],
    ['--replications 0', ['run', 'scenarios/erlang-c-check.json', '--replications', '0']],
    ['--replications 1.5', ['run', 'scenarios/erlang-c-check.json', '--replications', '1.5']],
    ['--seed -1', ['run', 'scenarios/erlang-c-check.json', '--seed', '-1']],
    ['--seed=-1', ['run', 'scenarios/erlang-c-check.json', '--seed=-1']],
    ['an unknown option', ['run', 'scenarios/erlang-c-check.json', '--frobnicate']],
    ['an unknown command', ['frobnicate', 'scenarios/erlang-c-check.json']],
    ['no command', []],
    ['two files', ['validate', 'scenarios/erlang-c-check.json', 'scenarios/starter-desk.json']],
  ])('bad arguments (%s) exit 2', (_name, args) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^supportsim: [^\n]+\n$/);
    expectNoStack(r.stderr);
  });

  it('--help exits 0 with usage', () => {
    for (const flag of ['--help', '-h']) {
      const r = cli(flag);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage:');
      expect(r.stdout).toContain('supportsim run <scenario.json>');
      expect(r.stdout).toContain('supportsim validate <scenario.json>');
    }
  });

  it('run --json prints the DESIGN.md result object', () => {
    const r = cli('run', 'scenarios/erlang-c-check.json', '--json', '--replications', '2');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.scenario).toBe('erlang-c-check');
    expect(out.seed).toBe(1);
    expect(out.replications).toBe(2);
    expect(out.horizonDays).toBe(7);
    const interval = expect.objectContaining({ mean: expect.any(Number), lo: expect.any(Number), hi: expect.any(Number) });
    expect(out.kpis.tickets).toEqual(interval);
    expect(out.kpis.tickets.lo).toBeLessThanOrEqual(out.kpis.tickets.mean);
    expect(out.kpis.tickets.mean).toBeLessThanOrEqual(out.kpis.tickets.hi);
    expect(out.kpis.probWait).toEqual(interval);
    expect(out.kpis.waitMinutes.mean).toEqual(interval);
    expect(out.kpis.sla.acknowledge.P2).toEqual(interval);
    expect(out.kpis.occupancy.agents).toEqual(interval);
    expect(out.perf.events).toEqual(expect.any(Number));
    expect(out.perf.events).toBeGreaterThan(0);
    expect(out.perf.wallMs).toEqual(expect.any(Number));
  });
});
