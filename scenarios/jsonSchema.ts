import * as z from 'zod';
import { SCENARIO_VERSION, scenarioSchema } from './schema.js';

/** Where the bundled scenarios find the schema: `"$schema": "./scenario.schema.json"`. */
export const JSON_SCHEMA_FILE = 'scenario.schema.json';

/**
 * The JSON Schema of a scenario file, generated from the zod schema so the two cannot drift.
 * It describes the input shape (fields with defaults are optional), which is what an editor
 * needs for completion and inline checks. Rules zod checks in code (time zones, unique names,
 * streams routed to a known group, min <= mode <= max, the ticket budget) have no JSON Schema
 * form and are left out; `supportsim validate` checks them.
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
      'A support desk to simulate: agent groups, arrival streams with handle times, routing and SLA targets. ' +
      'Generated from scenarios/schema.ts by `npm run schema`; do not edit by hand. Cross-field rules (valid time zone, ' +
      'unique names, streams routed to an existing group, min <= mode <= max, the ticket budget) are checked by `supportsim validate`.',
    ...rest,
  };
}

/** The schema file's exact text: pretty-printed with a trailing newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
