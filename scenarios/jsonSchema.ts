import * as z from 'zod';
import { SCENARIO_VERSION, scenarioSchema } from './schema.js';

/** Where the bundled scenarios find the schema: `"$schema": "./scenario.schema.json"`. */
export const JSON_SCHEMA_FILE = 'scenario.schema.json';

/**
 * The JSON Schema of a scenario file, generated from the zod schema so the two cannot drift.
 * It describes the input shape (fields with defaults are optional), which is what an editor
 * needs for completion and inline checks. Rules zod checks in code (time zones, real dates,
 * unique names, entry tiers some group works, known calendar names, staffing and engineering
 * rules, SLA targets backed by a policy, min <= mode <= max, sorted traces, the ticket budget)
 * have no JSON Schema form and are left out; `supportsim validate` checks them. A trace given
 * as a `file` is valid here: the CLI and the app read it into `minutes` before validation.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioSchema, {
    target: 'draft-2020-12',
    io: 'input',
    // Refinements are dropped rather than making the export throw; inline every subschema so
    // the file reads top to bottom without $defs.
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'throw',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: `supportsim scenario (version ${SCENARIO_VERSION})`,
    description:
      'A support desk to simulate: agent groups and shifts, business calendars, arrival streams with handle times and touches, ' +
      'incidents, routing, escalation, after-hours duty, SLA policies and compliance targets. ' +
      'Generated from scenarios/schema.ts by `npm run schema`; do not edit by hand. Cross-field rules (valid time zones and dates, ' +
      'unique names, entry tiers worked by a group, known calendar names, staffing and engineering-group rules, SLA targets backed ' +
      'by a policy, min <= mode <= max, sorted traces, the ticket budget) are checked by `supportsim validate`.',
    ...rest,
  };
}

/** The schema file's exact text: pretty-printed with a trailing newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
