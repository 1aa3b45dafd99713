import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE } from '../scenarios/jsonSchema.js';
import { parseScenario } from '../scenarios/parse.js';
import { LIMITS } from '../scenarios/schema.js';
import { BUNDLED } from '../ui/bundled.js';
import { CORRUPT_KEY, ScenarioStore, STORAGE_KEY } from '../ui/store.js';

/**
 * The scenario store over an in-memory Storage: what the user saves survives a reload, bundled
 * scenarios cannot be changed, and broken or full storage gives the user a clear way out.
 */

class MemoryStorage {
  readonly map = new Map<string, string>();
  /** Characters (keys and values) the storage can hold, like a browser's ~5 MB quota. */
  constructor(private readonly quota = Infinity) {}
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    let used = key.length + value.length;
    for (const [k, v] of this.map) if (k !== key) used += k.length + v.length;
    if (used > this.quota) throw new DOMException("Failed to execute 'setItem' on 'Storage': exceeded the quota.", 'QuotaExceededError');
    this.map.set(key, String(value));
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

/** A clock that ticks one second a call, from 2026-01-05. */
function clock(): () => number {
  let t = Date.UTC(2026, 0, 5);
  return () => (t += 1000);
}

function setup(storage = new MemoryStorage()) {
  return { storage, store: new ScenarioStore(storage, BUNDLED, clock()) };
}

const seed = () => structuredClone(BUNDLED[0].raw) as Record<string, unknown>;
const named = (name: string) => ({ ...seed(), name });
const nameOf = (raw: unknown) => (raw as { name?: unknown }).name;

describe('bundled scenarios', () => {
  it('lists every scenarios/*.json but the JSON Schema, seed-defaults first, then no-ack-duty', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== JSON_SCHEMA_FILE);
    expect(BUNDLED.map((b) => b.id).sort()).toEqual(files.map((f) => `bundled:${f.replace(/\.json$/, '')}`).sort());
    expect(BUNDLED[0].id).toBe('bundled:seed-defaults');
    expect(BUNDLED[1].id).toBe('bundled:no-ack-duty');
    for (const b of BUNDLED) {
      const file = `scenarios/${b.id.slice('bundled:'.length)}.json`;
      expect(b.raw).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      expect(parseScenario(b.raw).ok).toBe(true);
    }
  });
});

describe('ScenarioStore', () => {
  it('lists bundled scenarios in order, then the user scenarios most recently saved first', () => {
    const { store } = setup();
    expect(store.list().map((s) => s.id)).toEqual(BUNDLED.map((b) => b.id));
    const a = store.save(named('A'));
    const b = store.save(named('B'));
    const c = store.save(named('C'));
    expect([a.id, b.id, c.id]).toEqual(['user:1', 'user:2', 'user:3']);
    expect(store.list().map((s) => s.id)).toEqual([...BUNDLED.map((x) => x.id), 'user:3', 'user:2', 'user:1']);
    store.save(named('A2'), a.id);
    expect(store.list().slice(BUNDLED.length).map((s) => s.id)).toEqual(['user:1', 'user:3', 'user:2']);
    expect(store.list().every((s) => s.bundled === s.id.startsWith('bundled:'))).toBe(true);
  });

  it('orders saves within one clock tick by save order', () => {
    const storage = new MemoryStorage();
    const store = new ScenarioStore(storage, BUNDLED, () => 1_000);
    store.save(named('A'));
    store.save(named('B'));
    store.save(named('C'), 'user:1');
    expect(store.list().slice(BUNDLED.length).map((s) => nameOf(s.raw))).toEqual(['C', 'B']);
  });

  it('gets and names scenarios', () => {
    const { store } = setup();
    expect(store.get('bundled:seed-defaults')).toMatchObject({ bundled: true, savedAt: 0, raw: BUNDLED[0].raw });
    expect(store.name('bundled:no-ack-duty')).toBe('no-ack-duty');
    const s = store.save({ version: 1 });
    expect(store.name(s.id)).toBe(s.id);
    expect(store.name('user:99')).toBe('user:99');
    expect(store.get('user:99')).toBeUndefined();
    const t = store.save('not even an object');
    expect(store.get(t.id)?.raw).toBe('not even an object');
    expect(store.name(t.id)).toBe(t.id);
  });

  it('saves raw JSON as given, invalid or not, as a copy the caller cannot change', () => {
    const { store } = setup();
    const raw = { ...seed(), horizonDays: 'soon', extra: [1, { a: null }] };
    const s = store.save(raw);
    expect(s).toMatchObject({ id: 'user:1', bundled: false, raw });
    raw.horizonDays = 'later';
    expect(nameOf(store.get('user:1')!.raw)).toBe('seed-defaults');
    expect((store.get('user:1')!.raw as typeof raw).horizonDays).toBe('soon');
    expect(Object.isFrozen(store.get('user:1')!.raw)).toBe(true);
    expect(() => store.save(undefined)).toThrow(/not a JSON value/);
    expect(() => store.save({ n: 1n })).toThrow(/cannot be written as JSON/);
    expect(() => store.save(named('x'), 'nonsense')).toThrow(/not a scenario id/);
  });

  it('never overwrites a bundled scenario: saving one creates a user copy', () => {
    const { store } = setup();
    const edited = { ...seed(), horizonDays: 14 };
    const s = store.save(edited, 'bundled:seed-defaults');
    expect(s.id).toBe('user:1');
    expect(s.bundled).toBe(false);
    expect(nameOf(s.raw)).toBe('seed-defaults (copy)');
    expect((s.raw as { horizonDays: number }).horizonDays).toBe(14);
    expect(store.get('bundled:seed-defaults')!.raw).toEqual(BUNDLED[0].raw);
    // A copy the user already renamed keeps its name.
    expect(nameOf(store.save(named('Mine'), 'bundled:seed-defaults').raw)).toBe('Mine');
  });

  it('duplicates with unique "(copy)" names', () => {
    const { store } = setup();
    const c1 = store.duplicate('bundled:seed-defaults');
    const c2 = store.duplicate('bundled:seed-defaults');
    const c3 = store.duplicate(c1.id);
    expect([c1, c2, c3].map((s) => nameOf(s.raw))).toEqual(['seed-defaults (copy)', 'seed-defaults (copy 2)', 'seed-defaults (copy 3)']);
    expect(c1.raw).toEqual({ ...(BUNDLED[0].raw as object), name: 'seed-defaults (copy)' });
    expect(parseScenario(c3.raw).ok).toBe(true);
    // Names stay within the 80-character limit.
    const long = store.save(named('L'.repeat(80)));
    const copy = store.duplicate(long.id);
    expect(nameOf(copy.raw)).toBe(`${'L'.repeat(73)} (copy)`);
    expect(parseScenario(copy.raw).ok).toBe(true);
    // A scenario without a name still duplicates.
    const bare = store.save({ version: 1 });
    expect(nameOf(store.duplicate(bare.id).raw)).toBe('Untitled (copy)');
    expect(() => store.duplicate('user:999')).toThrow(/no scenario "user:999"/);
  });

  it('renames user scenarios only', () => {
    const { store } = setup();
    const s = store.save(named('A'));
    store.save(named('B'));
    expect(nameOf(store.rename(s.id, '  Renamed ').raw)).toBe('Renamed');
    expect(store.name(s.id)).toBe('Renamed');
    expect(store.rename(s.id, 'Renamed').id).toBe(s.id);
    expect(() => store.rename('bundled:seed-defaults', 'X')).toThrow(/bundled scenario and cannot be renamed; duplicate it first/);
    expect(() => store.rename(s.id, '   ')).toThrow(/cannot be empty/);
    expect(() => store.rename(s.id, 'B')).toThrow(/already named "B"/);
    expect(() => store.rename(s.id, 'no-ack-duty')).toThrow(/already named/);
    expect(() => store.rename(store.save([1, 2]).id, 'Z')).toThrow(/not a JSON object/);
    expect(() => store.rename('user:77', 'Z')).toThrow(/no scenario/);
    const bare = store.save({ version: 1, horizonDays: 7 });
    expect(Object.keys(store.rename(bare.id, 'Now named').raw as object)).toEqual(['version', 'name', 'horizonDays']);
  });

  it('removes user scenarios only, and never reuses an id', () => {
    const { store } = setup();
    const a = store.save(named('A'));
    const b = store.save(named('B'));
    store.remove(a.id);
    expect(store.get(a.id)).toBeUndefined();
    expect(store.list().slice(BUNDLED.length).map((s) => s.id)).toEqual([b.id]);
    store.remove(a.id); // already gone: no error
    expect(() => store.remove('bundled:no-ack-duty')).toThrow(/bundled scenario and cannot be deleted/);
    store.remove(b.id);
    expect(store.save(named('C')).id).toBe('user:3');
  });

  it('sees everything after a reload, with the same ids, order and counter', () => {
    const { storage, store } = setup();
    store.save(named('A'));
    const b = store.save(named('B'));
    store.duplicate('bundled:no-ack-duty');
    store.rename(b.id, 'B2');
    store.remove('user:1');
    const reloaded = new ScenarioStore(storage, BUNDLED, clock());
    expect(reloaded.list()).toEqual(store.list());
    expect(reloaded.recovery).toBeNull();
    expect(reloaded.save(named('D')).id).toBe('user:4');
    const stored = JSON.parse(storage.getItem(STORAGE_KEY)!);
    expect(stored).toMatchObject({ version: 1, nextId: 5 });
    expect(stored.scenarios.map((s: { id: string }) => s.id).sort()).toEqual(['user:2', 'user:3', 'user:4']);
  });

  it('two stores on one storage (two tabs) do not lose each other\'s saves', () => {
    const storage = new MemoryStorage();
    const tab1 = new ScenarioStore(storage, BUNDLED, clock());
    const tab2 = new ScenarioStore(storage, BUNDLED, clock());
    const a = tab1.save(named('A'));
    const b = tab2.save(named('B'));
    expect(b.id).not.toBe(a.id);
    expect(tab1.get(b.id)).toBeDefined();
    expect(new ScenarioStore(storage, BUNDLED).list()).toHaveLength(BUNDLED.length + 2);
  });

  describe('corrupted storage', () => {
    const broken: Array<[string, string]> = [
      ['bad JSON', '{"version": 1, "nextId": '],
      ['not an object', '[1, 2, 3]'],
      ['another version', '{"version": 2, "nextId": 1, "scenarios": []}'],
      ['no scenarios list', '{"version": 1, "nextId": 1}'],
      ['a bad id', '{"version": 1, "nextId": 2, "scenarios": [{"id": "bundled:x", "raw": {}, "savedAt": 1}]}'],
      ['a repeated id', '{"version": 1, "nextId": 2, "scenarios": [{"id": "user:1", "raw": {}, "savedAt": 1}, {"id": "user:1", "raw": {}, "savedAt": 2}]}'],
      ['a missing raw', '{"version": 1, "nextId": 2, "scenarios": [{"id": "user:1", "savedAt": 1}]}'],
      ['a bad save time', '{"version": 1, "nextId": 2, "scenarios": [{"id": "user:1", "raw": {}, "savedAt": "today"}]}'],
    ];
    it.each(broken)('%s: starts empty and keeps the broken value for the user', (_what, text) => {
      const storage = new MemoryStorage();
      storage.setItem(STORAGE_KEY, text);
      const store = new ScenarioStore(storage, BUNDLED, clock());
      expect(store.list().map((s) => s.id)).toEqual(BUNDLED.map((b) => b.id));
      expect(store.recovery).toEqual({ reason: expect.stringMatching(/saved scenario/), keptUnder: CORRUPT_KEY });
      expect(storage.getItem(CORRUPT_KEY)).toBe(text);
      const s = store.save(named('After'));
      expect(s.id).toBe('user:1');
      const reloaded = new ScenarioStore(storage, BUNDLED);
      expect(reloaded.recovery).toBeNull();
      expect(reloaded.get(s.id)?.raw).toEqual(named('After'));
      expect(storage.getItem(CORRUPT_KEY)).toBe(text);
    });

    it('keeps the counter ahead of stored ids even if nextId is behind', () => {
      const storage = new MemoryStorage();
      storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, nextId: 1, scenarios: [{ id: 'user:7', raw: named('X'), savedAt: 5 }] }));
      const store = new ScenarioStore(storage, BUNDLED, clock());
      expect(store.save(named('Y')).id).toBe('user:8');
    });

    it('a storage that refuses to be read does not crash the app', () => {
      const storage = {
        getItem: () => {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
        setItem: () => {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
        removeItem: () => undefined,
      };
      const store = new ScenarioStore(storage, BUNDLED);
      expect(store.list()).toHaveLength(BUNDLED.length);
      expect(store.recovery?.reason).toMatch(/does not allow reading/);
      expect(() => store.save(named('X'))).toThrow(/Could not save the scenario: the browser refused to store it \(SecurityError/);
    });
  });

  it('says that storage is full when a save does not fit, and changes nothing', () => {
    const storage = new MemoryStorage(35_000);
    const store = new ScenarioStore(storage, BUNDLED, clock());
    store.save(seed());
    const before = storage.getItem(STORAGE_KEY);
    let message = '';
    try {
      store.save({ ...seed(), description: 'x'.repeat(5000), padding: 'y'.repeat(50_000) });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "Could not save the scenario: the browser's storage for saved scenarios is full (QuotaExceededError). Export and delete scenarios you no longer need, then try again.",
    );
    expect(storage.getItem(STORAGE_KEY)).toBe(before);
    expect(store.list()).toHaveLength(BUNDLED.length + 1);
    const imported = store.importJson(JSON.stringify({ ...seed(), name: 'second' }));
    expect(imported.ok).toBe(true);
    const tooMuch = store.importJson(JSON.stringify(BUNDLED[3].raw));
    expect(tooMuch).toEqual({ ok: false, errors: [expect.stringMatching(/storage for saved scenarios is full \(QuotaExceededError\)/)] });
  });

  describe('import and export', () => {
    it('imports a valid file as written (no defaults filled in), renaming on a name clash', () => {
      const { store } = setup();
      const text = readFileSync('scenarios/starter-desk.json', 'utf8');
      const first = store.importJson(text);
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      expect(first.scenario.raw).toEqual({ ...JSON.parse(text), name: 'starter-desk (imported)' });
      const second = store.importJson(text);
      expect(second.ok && nameOf(second.scenario.raw)).toBe('starter-desk (imported 2)');
      const fresh = store.importJson(JSON.stringify(named('Fresh')));
      expect(fresh.ok && nameOf(fresh.scenario.raw)).toBe('Fresh');
      const minimal = {
        version: 1,
        name: 'tiny',
        horizonDays: 7,
        groups: [{ name: 'G', headcount: 1 }],
        demand: [{ name: 'S', arrivals: { type: 'poisson', perHour: 1 }, handleTime: { type: 'exponential', mean: 20 } }],
      };
      const r = store.importJson(JSON.stringify(minimal));
      expect(r.ok && r.scenario.raw).toEqual(minimal);
    });

    it('rejects an invalid file with the validator\'s errors and stores nothing', () => {
      const { store } = setup();
      const bad = store.importJson(JSON.stringify({ ...seed(), name: 'bad', horizonDays: -3 }));
      expect(bad).toEqual({ ok: false, errors: [expect.stringMatching(/^horizonDays: expected a number > 0, got -3$/)] });
      expect(store.importJson('{ not json')).toEqual({ ok: false, errors: [expect.stringMatching(/^the scenario is not valid JSON/)] });
      expect(store.importJson('  ')).toEqual({ ok: false, errors: ['the scenario is empty: expected a JSON object'] });
      expect(store.list()).toHaveLength(BUNDLED.length);
    });

    it('rejects a file over the size limit before parsing it', () => {
      const { store } = setup();
      const huge = JSON.stringify({ ...seed(), name: 'huge', padding: 'x'.repeat(LIMITS.fileBytes) });
      const r = store.importJson(huge);
      expect(r).toEqual({ ok: false, errors: [`the scenario is ${huge.length.toLocaleString('en-US')} characters; the limit is 5,000,000`] });
      expect(store.list()).toHaveLength(BUNDLED.length);
    });

    it('exports pretty JSON that imports back to the same scenario', () => {
      const { store } = setup();
      const text = store.exportJson('bundled:no-ack-duty');
      expect(text).toBe(`${JSON.stringify(BUNDLED[1].raw, null, 2)}\n`);
      const back = store.importJson(text);
      expect(back.ok && back.scenario.raw).toEqual({ ...(BUNDLED[1].raw as object), name: 'no-ack-duty (imported)' });
      expect(() => store.exportJson('user:5')).toThrow(/no scenario/);
    });
  });
});
