import { parseScenario } from '../../../scenarios/parse.js';
import type { Scenario } from '../../../sim/model/scenario.js';

/**
 * A lesson's bundled scenario, validated on first use rather than at import: the schema's first
 * use costs tens of milliseconds, which the training view should not pay for lessons nobody opened.
 */
export function lazyScenario(file: string, raw: unknown): () => Scenario {
  let scenario: Scenario | null = null;
  return () => {
    if (scenario === null) {
      const parsed = parseScenario(raw);
      if (!parsed.ok) throw new Error(`scenarios/lessons/${file} is not a valid scenario: ${parsed.errors.join('; ')}`);
      scenario = parsed.scenario;
    }
    return scenario;
  };
}
