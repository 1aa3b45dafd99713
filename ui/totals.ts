import type { ReplicationResult } from '../sim/replication.js';

/** The series name of all open tickets (the sum of the backlog by priority), added by the app. */
export const TOTAL_BACKLOG = 'backlogTotal';

/**
 * A replication's result with one more series: all open tickets, the sum of its backlog by
 * priority. Added per replication, before the summary, so the total gets its own confidence band.
 */
export function withTotalBacklog(result: ReplicationResult): ReplicationResult {
  const parts = result.series.filter(([name]) => name.startsWith('backlogByPriority.')).map(([, values]) => values);
  if (parts.length === 0) return result;
  const length = Math.min(...parts.map((p) => p.length));
  const total = Array.from({ length }, (_, i) => parts.reduce((sum, p) => sum + p[i], 0));
  return { ...result, series: [...result.series, [TOTAL_BACKLOG, total]] };
}
