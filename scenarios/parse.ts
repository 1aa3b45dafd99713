import type * as z from 'zod';
import type { Scenario } from '../sim/model/scenario.js';
import { LIMITS, scenarioSchema } from './schema.js';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Validate a value (already JSON-parsed) as a scenario; errors name the path, the value and what was expected. */
export function parseScenario(value: unknown): ParseResult {
  const result = scenarioSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, scenario: result.data };
  return { ok: false, errors: result.error.issues.map(formatIssue) };
}

/** Validate scenario text, e.g. a file's contents; checks size and JSON syntax first. */
export function parseScenarioText(text: string): ParseResult {
  if (text.length > LIMITS.fileBytes) {
    return { ok: false, errors: [`the scenario is ${text.length.toLocaleString('en-US')} characters; the limit is ${LIMITS.fileBytes.toLocaleString('en-US')}`] };
  }
  if (text.trim() === '') return { ok: false, errors: ['the scenario is empty: expected a JSON object'] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`the scenario is not valid JSON: ${(e as Error).message}`] };
  }
  return parseScenario(value);
}

/** `demand[2].arrivals.perHour`; a key that would read ambiguously (empty, or with a dot or bracket) is quoted: `calendars[""]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && (key === '' || /[.[\]]/.test(key))) out += `[${JSON.stringify(key)}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** A value as a user would recognise it in their file, kept short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  // JSON.stringify throws on a BigInt (a structured-cloned or programmatic value can hold one).
  if (typeof value === 'bigint') return `${value}n`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return `${where}: expected ${article(issue.expected)}, got ${got}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      if (issue.origin === 'array') {
        const size = `${issue.exact ? 'exactly' : issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} item${Number(bound) === 1 ? '' : 's'}`;
        return `${where}: expected ${size}, got ${got}`;
      }
      if (issue.origin === 'string') {
        const size = `${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} character${Number(bound) === 1 ? '' : 's'}`;
        return `${where}: expected ${size}, got ${got}`;
      }
      return `${where}: expected a number ${op} ${bound}, got ${got}`;
    }
    case 'invalid_value':
      return `${where}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${got}`;
    case 'unrecognized_keys': {
      const known = knownFields(issue.path, issue.input);
      const expected = known.length > 0 ? ` (expected only ${known.join(', ')})` : '';
      return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}${expected}`;
    }
    case 'invalid_union': {
      const discriminator = 'discriminator' in issue ? (issue as { discriminator?: string }).discriminator : undefined;
      const options = 'options' in issue ? (issue as { options?: unknown[] }).options : undefined;
      if (discriminator && options) {
        const value = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
        return `${where}: expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describeValue(value)}`;
      }
      return `${where}: ${issue.message}, got ${got}`;
    }
    case 'invalid_format':
      return `${where}: ${issue.message}, got ${got}`;
    case 'invalid_key': {
      // A record's key (a calendar name): the path ends with the key itself.
      const expected = issue.issues.map((inner) => {
        if ((inner.code === 'too_small' || inner.code === 'too_big') && inner.origin === 'string') {
          const bound = inner.code === 'too_small' ? inner.minimum : inner.maximum;
          return `${inner.code === 'too_small' ? 'at least' : 'at most'} ${bound} character${Number(bound) === 1 ? '' : 's'}`;
        }
        return inner.message;
      });
      return `${formatPath(issue.path.slice(0, -1))}: the name ${describeValue(issue.input)} is not allowed: expected ${expected.join('; ')}`;
    }
    default:
      return `${where}: ${issue.message}, got ${got}`;
  }
}

/** The fields the schema allows for the object at `path` (whose value is `input`), to name them next to an unknown one. */
function knownFields(path: ReadonlyArray<PropertyKey>, input: unknown): string[] {
  type Def = {
    type: string;
    shape?: Record<string, unknown>;
    element?: unknown;
    innerType?: unknown;
    options?: unknown[];
    discriminator?: string;
    in?: unknown;
    out?: unknown;
    valueType?: unknown;
    keyType?: unknown;
    entries?: Record<string, string>;
  };
  const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
  // Wrappers that do not change which fields an object allows; a pipe (a transform) is read by its input side.
  const unwrap = (schema: unknown): unknown => {
    for (;;) {
      const def = defOf(schema);
      if (def && def.innerType !== undefined && ['default', 'optional', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
        schema = def.innerType;
      } else if (def?.type === 'pipe') {
        schema = defOf(def.in)?.type === 'transform' ? def.out : def.in;
      } else {
        return schema;
      }
    }
  };
  // The object itself picks the branch of a discriminated union at the end of the path.
  const pick = (schema: unknown, value: unknown): unknown => {
    const def = defOf(schema);
    if (def?.type !== 'union' || !def.discriminator || !def.options) return schema;
    const tag = (value as Record<string, unknown> | null | undefined)?.[def.discriminator];
    return def.options.find((o) => {
      const d = defOf(unwrap(o))?.shape?.[def.discriminator as string];
      return (defOf(d) as { values?: unknown[] } | undefined)?.values?.includes(tag);
    });
  };
  let schema: unknown = scenarioSchema;
  for (const key of path) {
    const def = defOf(unwrap(schema));
    if (def?.type === 'array' && typeof key === 'number') schema = def.element;
    else if (def?.type === 'object' && typeof key === 'string') schema = def.shape?.[key];
    else if (def?.type === 'record' && typeof key === 'string') schema = def.valueType;
    else return [];
  }
  const def = defOf(unwrap(pick(unwrap(schema), input)));
  if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
  // A record keyed by an enum (complexity by tier, clocks by name): the enum's values.
  const keys = def?.type === 'record' ? defOf(def.keyType) : undefined;
  return keys?.type === 'enum' && keys.entries ? Object.values(keys.entries) : [];
}

function article(type: string): string {
  const names: Record<string, string> = {
    int: 'a whole number',
    number: 'a number',
    string: 'a text',
    object: 'an object',
    record: 'an object',
    array: 'a list',
    boolean: 'true or false',
  };
  return names[type] ?? type;
}
