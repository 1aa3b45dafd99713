/**
 * The scenarios shipped with the app. They are imported as JSON modules, so Vite bundles them into
 * the app and the app needs no fetch to show them; tsc (NodeNext) and Node need the import
 * attribute `with { type: 'json' }` for a JSON module.
 *
 * Every `scenarios/*.json` except the JSON Schema (`scenario.schema.json`) is listed here,
 * seed-defaults first, then no-ack-duty (the pair the ACK-duty comparison is about), then the rest
 * by file name. `tests/ui-store.test.ts` checks that the list matches the directory.
 */
import seedDefaults from '../scenarios/seed-defaults.json' with { type: 'json' };
import noAckDuty from '../scenarios/no-ack-duty.json' with { type: 'json' };
import erlangCCheck from '../scenarios/erlang-c-check.json' with { type: 'json' };
import followTheSun from '../scenarios/follow-the-sun.json' with { type: 'json' };
import p1Paging from '../scenarios/p1-paging.json' with { type: 'json' };
import releaseDayIncident from '../scenarios/release-day-incident.json' with { type: 'json' };
import smallTeam from '../scenarios/small-team.json' with { type: 'json' };
import starterDesk from '../scenarios/starter-desk.json' with { type: 'json' };

/** A bundled scenario: its id (`bundled:<file name without .json>`) and its JSON exactly as in the file. */
export interface BundledScenario {
  id: string;
  raw: unknown;
}

export const BUNDLED: BundledScenario[] = [
  { id: 'bundled:seed-defaults', raw: seedDefaults },
  { id: 'bundled:no-ack-duty', raw: noAckDuty },
  { id: 'bundled:erlang-c-check', raw: erlangCCheck },
  { id: 'bundled:follow-the-sun', raw: followTheSun },
  { id: 'bundled:p1-paging', raw: p1Paging },
  { id: 'bundled:release-day-incident', raw: releaseDayIncident },
  { id: 'bundled:small-team', raw: smallTeam },
  { id: 'bundled:starter-desk', raw: starterDesk },
];
