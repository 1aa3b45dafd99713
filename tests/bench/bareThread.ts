/**
 * A worker thread that runs replications of seed-defaults with nothing around them: no pool, no
 * comlink, no results sent back. The bench times 1 of these against 2 to find what two cores give
 * two replications at once on this machine, the ceiling for the pool's speed-up.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { parseScenario } from '../../scenarios/parse.js';
import { runReplication } from '../../sim/replication.js';

const parsed = parseScenario(JSON.parse(readFileSync(new URL('../../../scenarios/seed-defaults.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const scenario = parsed.scenario;

parentPort?.on('message', ({ from, count }: { from: number; count: number }) => {
  let events = 0;
  for (let r = from; r < from + count; r++) events += runReplication(scenario, 1, r).events;
  parentPort?.postMessage(events);
});
