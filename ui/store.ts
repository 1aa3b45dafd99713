import { parseScenarioText } from '../scenarios/parse.js';

/**
 * The user's scenarios, kept in the browser (`localStorage`) so nothing is lost on a reload or a
 * worker crash. Pure TypeScript over an injected Storage-like object: Node tests pass an in-memory
 * map, the app passes `localStorage`.
 *
 * The store holds raw JSON, exactly what the user edits, valid or not (a scenario may be invalid
 * mid-edit); the editor validates, and so does the run. `importJson` is the exception: a file from
 * outside is only stored when it is a valid scenario.
 *
 * Everything lives in one JSON value under `STORAGE_KEY`:
 * `{ "version": 1, "nextId": 4, "scenarios": [{ "id": "user:3", "raw": {...}, "savedAt": 1767... }] }`.
 * Ids are `user:<n>` with n counting up and never reused, so an id stays valid across reloads.
 * A value that cannot be read (bad JSON, wrong shape) does not stop the app: the store starts empty,
 * copies the value to `CORRUPT_KEY` for the user, and says so in `recovery`.
 *
 * Each call reads the storage value again (and re-parses it only when its text changed), so two tabs
 * do not overwrite each other's saves with a stale copy. Values returned are frozen: they are the
 * store's cache, so clone a raw scenario (structuredClone) before changing it.
 */

export const STORAGE_KEY = 'supportsim.scenarios.v1';
export const CORRUPT_KEY = 'supportsim.scenarios.corrupt';

export interface StoredScenario {
  id: string;
  raw: unknown;
  bundled: boolean;
  savedAt: number;
}

export type ImportResult = { ok: true; scenario: StoredScenario } | { ok: false; errors: string[] };

/** What happened when the stored value could not be read; null when it was read (or absent). */
export interface Recovery {
  /** Why the value was unreadable, e.g. "it is not valid JSON". */
  reason: string;
  /** Whether the unreadable value was copied to CORRUPT_KEY (false when the browser refused, e.g. storage full). */
  keptUnder: string | null;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface UserEntry {
  id: string;
  raw: unknown;
  savedAt: number;
}

interface State {
  nextId: number;
  scenarios: UserEntry[];
}

const USER_ID = /^user:([1-9]\d{0,14})$/;
/** Scenario names are at most 80 characters (scenarios/schema.ts); suffixed names are cut to fit. */
const MAX_NAME = 80;

export class ScenarioStore {
  private readonly bundled: StoredScenario[];
  private readonly bundledIds: Set<string>;
  /** The storage text the cached state was read from (null: nothing stored). */
  private text: string | null = null;
  private state: State = { nextId: 1, scenarios: [] };
  private loaded = false;
  private lastRecovery: Recovery | null = null;

  constructor(
    private readonly storage: StorageLike,
    bundled: Array<{ id: string; raw: unknown }>,
    private readonly now: () => number = Date.now,
  ) {
    this.bundled = bundled.map((b) => freeze({ id: b.id, raw: deepFreeze(cloneJson(b.raw)), bundled: true, savedAt: 0 }));
    this.bundledIds = new Set(this.bundled.map((b) => b.id));
    if (this.bundledIds.size !== this.bundled.length) throw new Error('ScenarioStore: bundled scenario ids must be unique');
    for (const id of this.bundledIds) {
      if (USER_ID.test(id)) throw new Error(`ScenarioStore: bundled id ${id} looks like a user id`);
    }
    this.read();
  }

  /** Set when the stored scenarios could not be read and the store started empty; show it to the user. */
  get recovery(): Recovery | null {
    return this.lastRecovery;
  }

  /** Bundled scenarios first (in the order given), then the user's, most recently saved first. */
  list(): StoredScenario[] {
    const user = this.read().scenarios.map((e) => this.user(e));
    user.sort((a, b) => b.savedAt - a.savedAt || idNumber(b.id) - idNumber(a.id));
    return [...this.bundled, ...user];
  }

  get(id: string): StoredScenario | undefined {
    const b = this.bundled.find((s) => s.id === id);
    if (b) return b;
    const e = this.read().scenarios.find((s) => s.id === id);
    return e && this.user(e);
  }

  /** The scenario's `name` field, or its id when it has none (or is unknown). */
  name(id: string): string {
    const s = this.get(id);
    const n = s === undefined ? undefined : nameOf(s.raw);
    return n ?? id;
  }

  /**
   * Store `raw` (any JSON value) under `id`, or under a new `user:<n>` id when `id` is absent.
   * A bundled scenario is never overwritten: saving under a bundled id stores a user copy under a new
   * id, named like a duplicate when its name is still the bundled one. Throws when `raw` is not JSON
   * or the browser's storage is full (the message says so; nothing is changed then).
   */
  save(raw: unknown, id?: string): StoredScenario {
    const state = this.read();
    let value = cloneJson(raw);
    let target = id;
    if (target !== undefined && this.bundledIds.has(target)) {
      const name = nameOf(value);
      if (name !== undefined && this.nameTaken(name)) value = withName(value, this.uniqueName(copyBase(name), 'copy'));
      target = undefined;
    }
    if (target !== undefined && !USER_ID.test(target)) {
      throw new Error(`Cannot save: "${target}" is not a scenario id of this store (expected user:<number>).`);
    }
    const next: State = { nextId: state.nextId, scenarios: state.scenarios.slice() };
    if (target === undefined) target = `user:${next.nextId}`;
    // An id saved again after removal (e.g. by another tab) keeps the counter ahead of it.
    next.nextId = Math.max(next.nextId, idNumber(target) + 1);
    const entry: UserEntry = { id: target, raw: value, savedAt: this.timestamp(state) };
    const at = next.scenarios.findIndex((s) => s.id === target);
    if (at >= 0) next.scenarios[at] = entry;
    else next.scenarios.push(entry);
    this.write(next, 'save the scenario');
    return this.user(entry);
  }

  /** A user copy named '<name> (copy)', or ' (copy 2)', ' (copy 3)'... so that names stay unique. */
  duplicate(id: string): StoredScenario {
    const source = this.require(id);
    const base = copyBase(nameOf(source.raw) ?? 'Untitled');
    const raw = isObject(source.raw) ? withName(source.raw, this.uniqueName(base, 'copy')) : cloneJson(source.raw);
    return this.save(raw);
  }

  /** Set a user scenario's name; throws for a bundled scenario, an empty name or one another scenario has. */
  rename(id: string, name: string): StoredScenario {
    const source = this.require(id);
    if (source.bundled) throw new Error(`"${this.name(id)}" is a bundled scenario and cannot be renamed; duplicate it first.`);
    const trimmed = name.trim();
    if (trimmed === '') throw new Error('A scenario name cannot be empty.');
    if (!isObject(source.raw)) throw new Error('This scenario is not a JSON object, so it has no name to change; fix it in the editor first.');
    if (this.nameTaken(trimmed, id)) throw new Error(`Another scenario is already named "${trimmed}"; choose a different name.`);
    return this.save(withName(source.raw, trimmed), id);
  }

  /** Delete a user scenario; throws for a bundled scenario. An unknown id is ignored (already gone). */
  remove(id: string): void {
    if (this.bundledIds.has(id)) throw new Error(`"${this.name(id)}" is a bundled scenario and cannot be deleted.`);
    const state = this.read();
    if (!state.scenarios.some((s) => s.id === id)) return;
    this.write({ nextId: state.nextId, scenarios: state.scenarios.filter((s) => s.id !== id) }, 'delete the scenario');
  }

  /** The scenario's raw JSON, pretty-printed (2 spaces, final newline), as a file would hold it. */
  exportJson(id: string): string {
    return `${JSON.stringify(this.require(id).raw, null, 2)}\n`;
  }

  /**
   * Validate `text` as a scenario file (size, JSON, schema) and store it as a new user scenario,
   * keeping the file's JSON as written (defaults are not filled in). A name another scenario has
   * gets ' (imported)' (then ' (imported 2)'...). Never throws: a full storage is an error too.
   */
  importJson(text: string): ImportResult {
    const parsed = parseScenarioText(text);
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    let raw = JSON.parse(text) as unknown;
    const name = nameOf(raw);
    if (name !== undefined && this.nameTaken(name)) raw = withName(raw, this.uniqueName(name, 'imported'));
    try {
      return { ok: true, scenario: this.save(raw) };
    } catch (e) {
      return { ok: false, errors: [(e as Error).message] };
    }
  }

  // --- internals -------------------------------------------------------------------------------

  private user(e: UserEntry): StoredScenario {
    return freeze({ id: e.id, raw: e.raw, bundled: false, savedAt: e.savedAt });
  }

  private require(id: string): StoredScenario {
    const s = this.get(id);
    if (s === undefined) throw new Error(`There is no scenario "${id}"; it may have been deleted in another tab.`);
    return s;
  }

  private nameTaken(name: string, except?: string): boolean {
    return this.list().some((s) => s.id !== except && nameOf(s.raw) === name);
  }

  /** `base (word)`, else `base (word 2)`, `base (word 3)`...: the first name no scenario has, at most 80 characters. */
  private uniqueName(base: string, word: string): string {
    const taken = new Set(this.list().map((s) => nameOf(s.raw)));
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? ` (${word})` : ` (${word} ${n})`;
      const candidate = `${base.slice(0, Math.max(1, MAX_NAME - suffix.length)).trimEnd()}${suffix}`;
      if (!taken.has(candidate)) return candidate;
    }
  }

  /** A strictly increasing save time, so "most recent first" holds even within one clock tick. */
  private timestamp(state: State): number {
    const t = this.now();
    const latest = state.scenarios.reduce((m, s) => Math.max(m, s.savedAt), -Infinity);
    return Number.isFinite(t) && t > latest ? t : latest + 1;
  }

  /** The current state, re-read from storage when its text changed since the last read. */
  private read(): State {
    let text: string | null;
    try {
      text = this.storage.getItem(STORAGE_KEY);
    } catch (e) {
      // Storage blocked (privacy settings, sandboxed frame): work from what we have.
      if (!this.loaded) this.lastRecovery = { reason: `the browser does not allow reading saved scenarios (${errorText(e)})`, keptUnder: null };
      this.loaded = true;
      return this.state;
    }
    if (this.loaded && text === this.text) return this.state;
    this.loaded = true;
    this.text = text;
    if (text === null) {
      this.state = { nextId: 1, scenarios: [] };
      return this.state;
    }
    const result = decodeState(text);
    if (result.ok) {
      this.state = result.state;
      return this.state;
    }
    // Unreadable: keep the value for the user, start empty.
    let keptUnder: string | null = null;
    try {
      this.storage.setItem(CORRUPT_KEY, text);
      keptUnder = CORRUPT_KEY;
      this.storage.removeItem(STORAGE_KEY);
      this.text = null;
    } catch {
      // The copy did not fit; the broken value stays under STORAGE_KEY until the next save.
    }
    this.lastRecovery = { reason: result.reason, keptUnder };
    this.state = { nextId: 1, scenarios: [] };
    return this.state;
  }

  private write(next: State, what: string): void {
    const text = JSON.stringify({ version: 1, nextId: next.nextId, scenarios: next.scenarios });
    try {
      this.storage.setItem(STORAGE_KEY, text);
    } catch (e) {
      if (isQuotaError(e)) {
        throw new Error(
          `Could not ${what}: the browser's storage for saved scenarios is full (QuotaExceededError). ` +
            'Export and delete scenarios you no longer need, then try again.',
          { cause: e },
        );
      }
      throw new Error(`Could not ${what}: the browser refused to store it (${errorText(e)}).`, { cause: e });
    }
    this.text = text;
    this.state = { nextId: next.nextId, scenarios: next.scenarios.map((s) => freeze({ ...s, raw: deepFreeze(s.raw) })) };
  }
}

function decodeState(text: string): { ok: true; state: State } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the saved scenarios are not valid JSON' };
  }
  if (!isObject(value) || value.version !== 1) return { ok: false, reason: 'the saved scenarios are not in the expected format (version 1)' };
  const { nextId, scenarios } = value;
  if (typeof nextId !== 'number' || !Number.isSafeInteger(nextId) || nextId < 1 || !Array.isArray(scenarios)) {
    return { ok: false, reason: 'the saved scenarios are not in the expected format (nextId, scenarios)' };
  }
  const seen = new Set<string>();
  let next = nextId;
  const entries: UserEntry[] = [];
  for (const s of scenarios) {
    if (!isObject(s) || typeof s.id !== 'string' || !USER_ID.test(s.id) || seen.has(s.id) || !('raw' in s)) {
      return { ok: false, reason: 'a saved scenario has a missing, repeated or malformed id' };
    }
    if (typeof s.savedAt !== 'number' || !Number.isFinite(s.savedAt)) return { ok: false, reason: `saved scenario ${s.id} has no valid save time` };
    seen.add(s.id);
    next = Math.max(next, idNumber(s.id) + 1);
    entries.push(freeze({ id: s.id, raw: deepFreeze(s.raw), savedAt: s.savedAt }));
  }
  return { ok: true, state: { nextId: next, scenarios: entries } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(raw: unknown): string | undefined {
  return isObject(raw) && typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : undefined;
}

/** A copy of the object `raw` with `name` set (kept in place when present, else first after `$schema`/`version`). */
function withName(raw: unknown, name: string): unknown {
  const copy = cloneJson(raw);
  if (!isObject(copy)) return copy;
  if ('name' in copy) {
    copy.name = name;
    return copy;
  }
  // fromEntries defines properties, so a "__proto__" key from JSON stays a plain key.
  const head = Object.entries(copy).filter(([k]) => k === '$schema' || k === 'version');
  const rest = Object.entries(copy).filter(([k]) => k !== '$schema' && k !== 'version');
  return Object.fromEntries([...head, ['name', name], ...rest]);
}

/** 'X (copy)' and 'X (copy 3)' copy as 'X (copy 2)'..., not 'X (copy) (copy)'. */
function copyBase(name: string): string {
  return name.replace(/ \(copy(?: \d+)?\)$/, '') || name;
}

function idNumber(id: string): number {
  const m = USER_ID.exec(id);
  return m ? Number(m[1]) : 0;
}

/** A deep copy through JSON: what storage will hold. Throws a clear Error for a value JSON cannot hold. */
function cloneJson(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new Error(`Cannot save: the scenario cannot be written as JSON (${errorText(e)}).`, { cause: e });
  }
  if (text === undefined) throw new Error('Cannot save: the scenario is empty (not a JSON value).');
  return JSON.parse(text) as unknown;
}

function freeze<T extends object>(value: T): T {
  return Object.freeze(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  // Chrome/Safari: QuotaExceededError (code 22); old Firefox: NS_ERROR_DOM_QUOTA_REACHED (1014).
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}
