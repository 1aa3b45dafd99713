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
    for (const defaulted of ['description', 'start', 'timeZone', 'warmupDays', 'replications', 'seed', 'routing', 'sla']) {
      expect(committed.properties).toHaveProperty(defaulted);
      expect(committed.required).not.toContain(defaulted);
    }
    expect(committed.properties.version.const).toBe(1);
    expect(committed.properties.groups.items.required).toEqual(['name', 'headcount']);
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

  it('zero agents: headcount 0', () => {
    expectOneMessage(parseScenario(erlangWith((s) => (s.groups[0].headcount = 0))), 'groups[0].headcount', 'expected a number >= 1', 'got 0');
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
          s.sla[0].compliance = 2;
        }),
      ),
    );
    expect(errors).toEqual([
      'groups[0].headcount: expected a number >= 1, got 0',
      'demand[0].arrivals.perHour: expected a number > 0, got -5',
      'sla[0].compliance: expected a number <= 1, got 2',
    ]);
  });

  describe('cross-field rules', () => {
    it('a stream routed to an unknown group', () => {
      expectOneMessage(
        parseScenario(erlangWith((s) => (s.demand[0].group = 'nobody'))),
        'demand[0].group',
        'expected the name of a group (agents)',
        'got "nobody"',
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
      expectOneMessage(parseScenario(erlangWith((s) => s.sla.push({ ...s.sla[0] }))), 'sla[1]', 'a second acknowledge target for P2');
    });
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
    expect(lines.slice(1).sort()).toEqual(['  groups[0].headcount: expected a number >= 1, got 0', '  version: expected 1, got 2']);
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
