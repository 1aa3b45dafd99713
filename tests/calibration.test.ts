import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenarios/parse.js';
import { calibrate, HistoryError, HistoryReader, readHistory, selectPeriod, type Calibration, type History } from '../sim/calibration/index.js';
import { CsvParser, parseCsv } from '../sim/calibration/csv.js';
import { detectDateFormat, parseDate } from '../sim/calibration/dates.js';
import { fitDurations, ksDistance, quantile } from '../sim/calibration/fitDistribution.js';
import { hourOfWeekOfWall, wallMinutes, weekStartOfWall } from '../sim/calibration/history.js';
import { historyFromSimulation } from '../sim/calibration/simulatedHistory.js';
import { shiftsFor } from '../sim/calibration/staffing.js';
import type { Scenario } from '../sim/model/scenario.js';
import { createSampler, type DistributionSpec } from '../sim/random/distributions.js';
import { createStream } from '../sim/random/stream.js';
import { runReplication } from '../sim/replication.js';
import { readHistoryBlob } from '../workers/calibration/historyBlob.js';
import { readHistoryFile } from '../workers/calibration/historyFile.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'calibration');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const DATA = join(import.meta.dirname, '..', '..', 'shared', 'data');
const UCI = join(DATA, 'uci-servicenow-incidents', 'incident_event_log.csv.zip');
const HELPDESK = join(DATA, 'helpdesk', 'helpdesk.csv');

function scenarioOf(input: unknown): Scenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.scenario;
}

function errorOf(work: () => unknown): HistoryError {
  try {
    work();
  } catch (e) {
    if (e instanceof HistoryError) return e;
    throw e;
  }
  throw new Error('expected a HistoryError');
}

/** A zip with the given entries (deflated), as the zip tools write it: local headers, central directory, end record. */
function zipOf(entries: Array<{ name: string; text: string; claimSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.from(e.text, 'utf8');
    const data = deflateRawSync(raw);
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.claimSize ?? raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(e.claimSize ?? raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'supportsim-calibration-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe('CSV (RFC 4180)', () => {
  const text = '\ufeffa,b,c\r\n1,"x, y","line1\r\nline2"\r\n\r\n2,"say ""hi""",\r\n3,plain "quote" inside,end';

  it('reads quotes, embedded commas and line breaks, "" escapes, a BOM, CRLF, and skips blank lines', () => {
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'line1\r\nline2'],
      ['2', 'say "hi"', ''],
      ['3', 'plain "quote" inside', 'end'],
    ]);
  });

  it('gives the same records and row numbers however the text is cut into chunks', () => {
    const whole: Array<[string[], number]> = [];
    const p = new CsvParser((f, row) => whole.push([f, row]));
    p.push(text);
    p.finish();
    expect(whole.map(([, row]) => row)).toEqual([1, 2, 5, 6]);
    for (let cut = 0; cut <= text.length; cut++) {
      for (const second of [cut, Math.min(text.length, cut + 3)]) {
        const got: Array<[string[], number]> = [];
        const q = new CsvParser((f, row) => got.push([f, row]));
        q.push(text.slice(0, cut));
        q.push(text.slice(cut, second));
        q.push(text.slice(second));
        q.finish();
        expect(got, `cut at ${cut}/${second}`).toEqual(whole);
      }
    }
  });

  it('names the row of a quote that never closes and of text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(/row 2, column 2: a quoted field opens here and is never closed/);
    expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow(/row 2, column 2: unexpected "y" after a closing quote/);
  });

  it('stops a runaway record at the record limit instead of reading the rest of the file', () => {
    const p = new CsvParser(() => {}, { maxRecordChars: 1000, maxFields: 100 });
    p.push('a,b\n1,"');
    expect(() => p.push('x'.repeat(2000))).toThrow(/row 2: a record longer than 1,000 characters/);
  });
});

describe('dates', () => {
  const at = (y: number, mo: number, d: number, h = 0, mi = 0) => wallMinutes(y, mo, d, h, mi);
  it('reads each export format to wall-clock minutes', () => {
    expect(parseDate('2016-02-29 01:16', 'ymd', 'UTC')).toBe(at(2016, 2, 29, 1, 16));
    expect(parseDate('2012/10/09 14:50:17.000', 'ymd', 'UTC')).toBeCloseTo(at(2012, 10, 9, 14, 50) + 17 / 60, 9);
    expect(parseDate('29/2/2016 01:16', 'dmy', 'UTC')).toBe(at(2016, 2, 29, 1, 16));
    expect(parseDate('2/29/2016 1:16 PM', 'mdy', 'UTC')).toBe(at(2016, 2, 29, 13, 16));
    expect(parseDate('05/Jan/26 12:05 AM', 'jira', 'UTC')).toBe(at(2026, 1, 5, 0, 5));
    // An explicit offset is an instant: moved to the export zone's wall clock.
    expect(parseDate('2026-01-05T14:00:00Z', 'ymd', 'Europe/Rome')).toBe(at(2026, 1, 5, 15, 0));
  });
  it('refuses dates that do not exist, and detects the format from a sample', () => {
    expect(parseDate('31/4/2016 10:00', 'dmy', 'UTC')).toBeNaN();
    expect(parseDate('29/2/2015 10:00', 'dmy', 'UTC')).toBeNaN();
    expect(detectDateFormat(['3/4/2016 10:00', '13/4/2016 10:00'])).toBe('dmy');
    expect(detectDateFormat(['3/4/2016 10:00', '4/13/2016 10:00'])).toBe('mdy');
    expect(detectDateFormat(['2016-04-03 10:00'])).toBe('ymd');
    expect(detectDateFormat(['yesterday'])).toBeNull();
  });
  it('knows Monday 00:00 as hour 0 of the week', () => {
    expect(hourOfWeekOfWall(at(2026, 1, 5, 0, 30))).toBe(0); // a Monday
    expect(hourOfWeekOfWall(at(2026, 1, 11, 23, 59))).toBe(167);
    expect(weekStartOfWall(at(2026, 1, 8, 13, 7))).toBe(at(2026, 1, 5));
  });
});

// ---------------------------------------------------------------------------------------------

describe('presets read small sample exports', () => {
  const at = (y: number, mo: number, d: number, h = 0, mi = 0) => wallMinutes(y, mo, d, h, mi);

  it('generic: every mapped column, quoted values, BOM and CRLF', () => {
    const h = readHistory(fixture('generic.csv'), { format: 'generic', source: 'generic.csv' });
    expect(h.tickets.map((t) => t.id)).toEqual(['T-1', 'T-2', 'T-3', 'T-4']);
    const [t1, t2, t3, t4] = h.tickets;
    expect(t1).toMatchObject({ created: at(2026, 1, 5, 8, 10), firstResponse: at(2026, 1, 5, 8, 40), resolved: at(2026, 1, 5, 12), priority: 2, group: 'Service Desk', channel: 'email', category: 'Login, password' });
    expect(t2).toMatchObject({ priority: 1, channel: 'phone', reassignments: 2, closed: null, category: 'Outage\r\nsecond line' });
    expect(t3).toMatchObject({ priority: 4, channel: 'portal', reopens: 1, firstResponse: null, category: 'Quote "inside"' });
    expect(t4).toMatchObject({ priority: 3, channel: 'chat', resolved: null });
    expect(h.source).toBe('generic.csv (generic)');
  });

  it('generic: --map names another column', () => {
    const text = 'Ticket Ref,Opened On,Prio\nA,2026-01-05 10:00,High\n';
    const h = readHistory(text, { format: 'generic', map: { id: 'Ticket Ref', created: 'opened on', priority: 'Prio' } });
    expect(h.tickets[0]).toMatchObject({ id: 'A', created: at(2026, 1, 5, 10), priority: 2 });
  });

  it('zendesk: minutes columns give first response and resolution, group stations the reassignments', () => {
    const h = readHistory(fixture('zendesk.csv'), { format: 'zendesk' });
    const byId = new Map(h.tickets.map((t) => [t.id, t]));
    expect(byId.get('1001')).toMatchObject({ priority: 1, channel: 'portal', group: 'Support', firstResponse: at(2026, 1, 5, 9, 26), resolved: at(2026, 1, 5, 10, 42), reassignments: 0 });
    expect(byId.get('1002')).toMatchObject({ priority: 3, channel: 'email', group: 'Billing', reassignments: 1, reopens: 1, pendingMinutes: 300, firstResponse: at(2026, 1, 5, 12, 10) });
    expect(byId.get('1003')).toMatchObject({ priority: 2, channel: 'chat' });
    expect(byId.get('1004')).toMatchObject({ priority: 4, channel: 'phone', resolved: null, firstResponse: null });
  });

  it('jsm: Jira dates, priorities Highest..Lowest, team, request channel', () => {
    const h = readHistory(fixture('jsm.csv'), { format: 'jsm' });
    expect(h.tickets.map((t) => t.id)).toEqual(['ITSM-11', 'ITSM-12', 'ITSM-13']);
    expect(h.tickets[0]).toMatchObject({ created: at(2026, 1, 5, 9, 12), firstResponse: at(2026, 1, 5, 9, 20), resolved: at(2026, 1, 5, 12, 40), priority: 1, group: 'Infrastructure', channel: 'portal', category: 'Report a system problem' });
    expect(h.tickets[1]).toMatchObject({ priority: 3, channel: 'email', group: 'Service Desk', resolved: at(2026, 1, 7, 8, 55) });
    expect(h.tickets[2]).toMatchObject({ created: at(2026, 1, 6, 23, 30), priority: 4, resolved: null });
  });

  it('servicenow: updates gathered per incident in sys_mod_count order (rows may come in any order)', () => {
    const h = readHistory(fixture('servicenow.csv'), { format: 'servicenow' });
    const [a, b, c] = h.tickets;
    expect(a).toMatchObject({
      id: 'INC0000001',
      created: at(2016, 1, 4, 9),
      firstResponse: at(2016, 1, 4, 9, 20),
      resolved: at(2016, 1, 4, 15),
      closed: at(2016, 1, 9, 15),
      priority: 3,
      channel: 'phone',
      groups: ['Group 1', 'Group 2'],
      group: 'Group 2',
      reassignments: 1,
      pendingMinutes: 180,
      agents: ['Resolver 1', 'Resolver 2'],
      madeSla: true,
    });
    expect(b).toMatchObject({ id: 'INC0000002', priority: 1, channel: 'portal', reopens: 1, firstResponse: at(2016, 1, 6, 8), madeSla: false });
    expect(c).toMatchObject({ id: 'INC0000003', priority: 4, channel: 'email', resolved: null, group: 'desk' });
    expect(h.warnings.join('\n')).toMatch(/resolved_at missing.*row 11, "INC0000003"/);
  });

  it('eventlog: milestones from activities, reopen from a second resolution, pending from Wait, group changes', () => {
    const h = readHistory(fixture('eventlog.csv'), { format: 'eventlog' });
    const [c1, c2] = h.tickets;
    expect(c1).toMatchObject({ id: 'Case 1', created: at(2012, 10, 9, 14, 50) + 17 / 60, priority: 1, reassignments: 1, reopens: 0, agents: ['Value 1', 'Value 2', 'Value 3'] });
    expect(c1.firstResponse! - c1.created).toBeCloseTo(44 / 60, 6);
    expect(c1.resolved).toBeCloseTo(at(2012, 10, 25, 11, 54) + 26 / 60, 6);
    expect(c2).toMatchObject({ id: 'Case 2', priority: 2, groups: ['Value 2', 'Value 3'], reassignments: 1, reopens: 1, pendingMinutes: 24 * 60, resolved: at(2012, 10, 15, 9) });
  });

  it('the streaming reader gives the same history as a whole read, chunk by chunk', () => {
    const text = fixture('servicenow.csv');
    const whole = readHistory(text, { format: 'servicenow' });
    const reader = new HistoryReader({ format: 'servicenow' });
    for (let i = 0; i < text.length; i += 97) reader.push(text.slice(i, i + 97));
    expect(reader.finish()).toEqual(whole);
  });
});

describe('bad files get a clear message naming the row and column', () => {
  it('wrong columns: names the missing field, the names it looked for and the header it found', () => {
    const e = errorOf(() => readHistory('ticket,when\n1,2026-01-05\n', { format: 'generic' }));
    expect(e.message).toMatch(/^row 1: no created column for the generic format: expected one of "created", "created at"/);
    expect(e.message).toContain('the header has "ticket", "when"');
    expect(e.message).toContain('--map created=<column>');
    expect(errorOf(() => readHistory('a,b\n1,2\n', { format: 'servicenow' })).message).toMatch(/no number column for the servicenow format/);
    expect(errorOf(() => readHistory('id,created\n1,2026-01-05\n', { format: 'generic', map: { group: 'Team' } })).message).toMatch(/--map group="Team" names no column/);
  });

  it('unparseable dates: the row, the column, the value and the format expected', () => {
    const text = 'id,created\n1,2026-01-05 10:00\n2,2026-01-05 11:00\n3,2026-02-30 09:00\n';
    const e = errorOf(() => readHistory(text, { format: 'generic' }));
    expect(e.message).toBe('row 4, column "created": "2026-02-30 09:00" is not a date (expected YYYY-MM-DD HH:MM[:SS])');
    expect(e).toMatchObject({ row: 4, column: 'created', value: '2026-02-30 09:00' });
    const late = ['id,created', ...Array.from({ length: 600 }, (_, i) => `${i},2026-01-05 10:00`), '600,soon'].join('\n');
    expect(errorOf(() => readHistory(late, { format: 'generic' })).message).toMatch(/^row 602, column "created": "soon" is not a date/);
    const ambiguous = 'number,opened_at\nINC1,31/12/2016 10:00\nINC2,12/31/2016 10:00\n';
    expect(errorOf(() => readHistory(ambiguous, { format: 'servicenow' })).message).toMatch(/row 3, column "opened_at": "12\/31\/2016 10:00"/);
  });

  it('empty files, a header without rows, a missing id, a bad count', () => {
    expect(errorOf(() => readHistory('', { format: 'generic' })).message).toMatch(/the file is empty/);
    expect(errorOf(() => readHistory('\ufeff\r\n', { format: 'generic' })).message).toMatch(/the file is empty/);
    expect(errorOf(() => readHistory('id,created\r\n', { format: 'generic' })).message).toMatch(/row 2: the file has a header but no rows/);
    expect(errorOf(() => readHistory('id,created\n,2026-01-05\n', { format: 'generic' })).message).toMatch(/row 2, column "id": "" is missing/);
    expect(errorOf(() => readHistory('id,created,reopens\n1,2026-01-05,two\n', { format: 'generic' })).message).toBe('row 2, column "reopens": "two" is not a count (expected a whole number >= 0)');
  });

  it('an over-size text or file is refused before it is parsed', async () => {
    expect(errorOf(() => readHistory('id,created\n'.padEnd(2000, 'x'), { format: 'generic', maxChars: 1000 })).message).toMatch(/larger than the 0\.0 MB limit/);
    const big = join(dir, 'huge.csv');
    writeFileSync(big, 'id,created\n');
    truncateSync(big, 100_000_000); // sparse: 100 MB without writing them
    const started = performance.now();
    await expect(readHistoryFile(big, { format: 'generic' })).rejects.toThrow(/huge\.csv is 100\.0 MB, over the 80\.0 MB limit/);
    expect(performance.now() - started).toBeLessThan(1000);
    // A zip whose entry says it inflates past the limit is refused from its directory.
    const bomb = join(dir, 'bomb.csv.zip');
    writeFileSync(bomb, zipOf([{ name: 'x.csv', text: 'id,created\n', claimSize: 100_000_000 }]));
    await expect(readHistoryFile(bomb, { format: 'generic' })).rejects.toThrow(/x\.csv inflates to 100\.0 MB, over the 80\.0 MB limit/);
  });

  it('unknown formats, zones and date formats', () => {
    expect(() => new HistoryReader({ format: 'excel' as never })).toThrow(/unknown format "excel": expected one of generic, servicenow, zendesk, jsm, eventlog/);
    expect(() => new HistoryReader({ format: 'generic', timeZone: 'Mars/Base' })).toThrow(/unknown time zone "Mars\/Base"/);
    expect(() => new HistoryReader({ format: 'generic', dateFormat: 'iso' as never })).toThrow(/unknown date format "iso"/);
  });
});

describe('zip exports', () => {
  const csv = fixture('zendesk.csv');
  it('reads the one CSV of a zip (macOS metadata ignored) from a file and from a Blob', async () => {
    const zip = zipOf([
      { name: 'export/tickets.csv', text: csv },
      { name: '__MACOSX/export/._tickets.csv', text: 'junk' },
    ]);
    const file = join(dir, 'tickets.csv.zip');
    writeFileSync(file, zip);
    const expected = readHistory(csv, { format: 'zendesk', source: 'tickets.csv.zip' });
    expect(await readHistoryFile(file, { format: 'zendesk' })).toEqual(expected);
    expect(await readHistoryBlob(new Blob([new Uint8Array(zip)]), { format: 'zendesk', source: 'tickets.csv.zip' })).toEqual(expected);
  });
  it('refuses a zip with several exports or a damaged one, saying why', async () => {
    const two = join(dir, 'two.zip');
    writeFileSync(two, zipOf([{ name: 'a.csv', text: csv }, { name: 'b.csv', text: csv }]));
    await expect(readHistoryFile(two, { format: 'zendesk' })).rejects.toThrow(/the zip holds 2 files \(a\.csv, b\.csv\): expected one CSV export/);
    const cut = join(dir, 'cut.zip');
    writeFileSync(cut, zipOf([{ name: 'a.csv', text: csv }]).subarray(0, 200));
    await expect(readHistoryFile(cut, { format: 'zendesk' })).rejects.toThrow(/central directory is missing/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('fitting recovers the distributions that made the data', () => {
  const draw = (spec: DistributionSpec, n: number, purpose: string) => {
    const sampler = createSampler(spec);
    const u = createStream(7, 0, purpose);
    return Array.from({ length: n }, () => sampler.sample(u));
  };
  const n = 4000;

  it('lognormal: family chosen by KS, mean and cv within their sampling error', () => {
    const fit = fitDurations(draw({ type: 'lognormal', mean: 600, cv: 1.5 }, n, 'ln'));
    expect(fit.spec.type).toBe('lognormal');
    const s = fit.spec as { mean: number; cv: number };
    // sd of the MLE mean of a lognormal with cv 1.5: about mean * cv / sqrt(n) * 1.3; 4 sd.
    expect(Math.abs(s.mean - 600)).toBeLessThan(4 * ((600 * 1.5) / Math.sqrt(n)) * 1.3);
    expect(Math.abs(s.cv - 1.5)).toBeLessThan(0.15);
    expect(fit.ks).toBeLessThan(1.63 / Math.sqrt(n)); // the KS 1% critical value
  });

  it('gamma and weibull: the right family and parameters', () => {
    const g = fitDurations(draw({ type: 'gamma', mean: 45, cv: 0.5 }, n, 'gamma'));
    expect(g.spec.type).toBe('gamma');
    expect((g.spec as { mean: number }).mean).toBeCloseTo(45, -0.5);
    expect(Math.abs((g.spec as { cv: number }).cv - 0.5)).toBeLessThan(0.03);
    const w = fitDurations(draw({ type: 'weibull', shape: 0.6, scale: 1000 }, n, 'weibull'));
    expect(w.spec.type).toBe('weibull');
    expect(Math.abs((w.spec as { shape: number }).shape - 0.6)).toBeLessThan(0.04);
    expect(Math.abs((w.spec as { scale: number }).scale - 1000) / 1000).toBeLessThan(0.1);
  });

  it('a mixture no family fits falls back to the empirical quantiles, and KS says how close each is', () => {
    const values = [...draw({ type: 'fixed', value: 5 }, 1000, 'a'), ...draw({ type: 'lognormal', mean: 5000, cv: 0.2 }, 1000, 'b')];
    const fit = fitDurations(values, { empiricalAbove: 0.05 });
    expect(fit.spec.type).toBe('empirical');
    expect(fit.ks).toBeLessThan(0.01);
    expect(Math.min(...fit.candidates.filter((c) => c.type !== 'empirical').map((c) => c.ks))).toBeGreaterThan(0.2);
    expect(quantile(fit.spec, 0.25)).toBe(5);
    expect(ksDistance({ type: 'exponential', mean: 1 }, Float64Array.from([0.5]))).toBeCloseTo(Math.max(1 - Math.exp(-0.5), Math.exp(-0.5)), 9);
  });

  it('shifts rebuild the hourly staffing they were made from', () => {
    const headcount = new Array<number>(168).fill(0);
    for (let d = 0; d < 5; d++) for (let h = 8; h < 17; h++) headcount[d * 24 + h] = h < 12 ? 4 : 3;
    headcount[5 * 24 + 10] = 0.4; // under half a person: nobody rostered
    const shifts = shiftsFor(headcount);
    expect(shifts).toHaveLength(2);
    expect(shifts[0]).toMatchObject({ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '08:00', to: '12:00', headcount: 4 });
    expect(shifts[1]).toMatchObject({ from: '12:00', to: '17:00', headcount: 3 });
    const ragged = Array.from({ length: 168 }, (_, h) => 1 + (h % 7));
    expect(shiftsFor(ragged, 50).length).toBeLessThanOrEqual(50);
  });
});

// ---------------------------------------------------------------------------------------------

/** A desk with known parameters, simulated; its tickets are the history the fits must recover. */
function knownDesk(): Scenario {
  const profile = Array.from({ length: 168 }, (_, h) => (h < 120 && h % 24 >= 8 && h % 24 < 18 ? 3 : 1));
  return scenarioOf({
    version: 1,
    name: 'known desk',
    start: '2026-01-05T00:00',
    timeZone: 'UTC',
    horizonDays: 84,
    warmupDays: 7,
    seed: 11,
    groups: [
      { name: 'Front', tier: 'L1', headcount: 12 },
      { name: 'Experts', tier: 'L2', headcount: 6 },
    ],
    demand: [
      {
        name: 'mail',
        channel: 'email',
        priority: 'P2',
        arrivals: { type: 'weekly', perWeek: 300, hourOfWeek: profile },
        handleTime: { type: 'lognormal', mean: 20, cv: 1 },
        touches: { count: { type: 'fixed', value: 2 }, customerDelay: { type: 'lognormal', mean: 600, cv: 1.5 } },
        complexity: { L1: 0.7, L2: 0.3 },
      },
      {
        name: 'web',
        channel: 'portal',
        priority: 'P3',
        arrivals: { type: 'weekly', perWeek: 700, hourOfWeek: profile },
        handleTime: { type: 'lognormal', mean: 20, cv: 1 },
        touches: { count: { type: 'fixed', value: 2 }, customerDelay: { type: 'lognormal', mean: 600, cv: 1.5 } },
        complexity: { L1: 0.7, L2: 0.3 },
      },
    ],
    lifecycle: { reopenProbability: 0.08, reopenWithinDays: 3 },
  });
}

describe('calibrating a history generated by the simulator recovers the desk that made it', () => {
  let history: History;
  let result: Calibration;
  beforeAll(() => {
    history = historyFromSimulation(knownDesk());
    result = calibrate(history, { maxGroups: 8 });
  });

  it('volume per stream and in all, within their Poisson confidence intervals', () => {
    const r = result.report;
    const weeks = r.weeks;
    expect(weeks).toBeGreaterThanOrEqual(11);
    const tolerance = (perWeek: number) => (3 * Math.sqrt(perWeek * weeks)) / weeks; // 3 sd of a Poisson count over the weeks
    expect(Math.abs(r.ticketsPerWeek - 1000)).toBeLessThan(tolerance(1000));
    const byName = new Map(result.scenario.demand.map((d) => [`${d.channel} ${d.priority}`, d]));
    const mail = [...result.scenario.demand].filter((d) => d.channel === 'email').reduce((s, d) => s + d.arrivals.perWeek, 0);
    const web = [...result.scenario.demand].filter((d) => d.channel === 'portal').reduce((s, d) => s + d.arrivals.perWeek, 0);
    expect(Math.abs(mail - 300)).toBeLessThan(tolerance(300));
    expect(Math.abs(web - 700)).toBeLessThan(tolerance(700));
    expect(byName.get('email P2')).toBeDefined();
    const p2 = r.priorityMix.P2;
    expect(Math.abs(p2 - 0.3)).toBeLessThan(3 * Math.sqrt((0.3 * 0.7) / r.tickets));
  });

  it('the hour-of-week profile: business hours carry 3x the weight of the other hours', () => {
    const profile = result.scenario.demand[0].arrivals.hourOfWeek;
    const share = (keep: (h: number) => boolean) => profile.reduce((s, v, h) => (keep(h) ? s + v : s), 0) / 168;
    const business = (h: number) => h < 120 && h % 24 >= 8 && h % 24 < 18;
    const expected = (50 * 3) / (50 * 3 + 118); // 50 business hours of weight 3, 118 others of weight 1
    const n = result.report.tickets;
    expect(Math.abs(share(business) - expected)).toBeLessThan(3 * Math.sqrt((expected * (1 - expected)) / n));
  });

  it('escalation to the expert tier, routing and reopen share', () => {
    const groups = new Map(result.scenario.groups.map((g) => [g.name, g]));
    expect(groups.get('Front')?.tier).toBe('L1');
    expect(groups.get('Experts')?.tier).toBe('L2');
    const front = result.scenario.demand.filter((d) => d.category === 'Front');
    const tickets = result.report.tickets;
    for (const d of front) expect(Math.abs((d.complexity.L2 ?? 0) - 0.3)).toBeLessThan(3 * Math.sqrt((0.3 * 0.7) / tickets) + 0.02);
    expect(result.report.routing.find((h) => h.from === 'Front' && h.to === 'Experts')?.share).toBeGreaterThan(0.95);
    // Tickets solved in the last 3 days cannot be reopened inside the run: compare those solved before.
    const early = selectPeriod(history, undefined, history.tickets[history.tickets.length - 1].created - 5 * 1440).tickets;
    const reopened = early.filter((t) => t.reopens > 0).length / early.length;
    expect(Math.abs(reopened - 0.08)).toBeLessThan(3 * Math.sqrt((0.08 * 0.92) / early.length));
    expect(Math.abs(result.report.reopenShare - 0.08)).toBeLessThan(0.02);
  });

  it('pending time: the customer delay between the two touches (lognormal mean 600 min)', () => {
    const pending = history.tickets.filter((t) => t.resolved !== null && t.reopens === 0 && (t.pendingMinutes ?? 0) > 0).map((t) => t.pendingMinutes!);
    const fit = fitDurations(pending);
    expect(fit.spec.type).toBe('lognormal');
    const s = fit.spec as { mean: number; cv: number };
    expect(Math.abs(s.mean - 600)).toBeLessThan(4 * ((600 * 1.5) / Math.sqrt(pending.length)) * 1.3);
    expect(Math.abs(s.cv - 1.5)).toBeLessThan(0.2);
  });

  it('staffing from activity is a lower bound of the people rostered', () => {
    for (const s of result.report.staffing) {
      const rostered = s.group === 'Front' ? 12 : 6;
      // Idle people update no ticket, so the log shows fewer than were rostered (a lower bound).
      expect(s.meanOnDuty).toBeLessThanOrEqual(rostered);
      expect(s.meanOnDuty).toBeGreaterThan(0.5);
    }
  });

  it('the calibrated scenario is valid and, simulated, reproduces the history it came from', () => {
    const scenario = scenarioOf(result.scenario);
    const again = historyFromSimulation(scenario);
    const median = (h: History) => {
      const v = h.tickets.filter((t) => t.resolved !== null).map((t) => t.resolved! - t.created).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    const weekly = again.tickets.length / scenario.horizonDays * 7;
    expect(Math.abs(weekly - 1000)).toBeLessThan(60);
    expect(median(again) / median(history)).toBeGreaterThan(0.85);
    expect(median(again) / median(history)).toBeLessThan(1.2);
  });

  it('is deterministic: the same history gives the same scenario, byte for byte', () => {
    expect(JSON.stringify(calibrate(history, { maxGroups: 8 }))).toBe(JSON.stringify(result));
  });
});

// ---------------------------------------------------------------------------------------------

describe.skipIf(!existsSync(UCI))('the UCI ServiceNow incident log (doi:10.24432/C57S4H)', () => {
  let history: History;
  let result: Calibration;
  beforeAll(async () => {
    history = await readHistoryFile(UCI, { format: 'servicenow' });
    result = calibrate(history);
  }, 120_000);

  it('reads every incident of the complete log', () => {
    expect(history.tickets).toHaveLength(24_918);
    expect(history.tickets.every((t) => t.closed !== null)).toBe(true);
  });

  it('calibrates to about 1,900 incidents a week in its dense weeks and a median resolution near 22 h', () => {
    const r = result.report;
    expect(r.weeks).toBe(12); // W09..W20 of 2016; the thin weeks after are right-censored
    expect(r.ticketsPerWeek).toBeGreaterThan(1800);
    expect(r.ticketsPerWeek).toBeLessThan(2000);
    expect(r.medianResolutionMinutes! / 60).toBeGreaterThan(20);
    expect(r.medianResolutionMinutes! / 60).toBeLessThan(25);
    expect(r.medianFirstResponseMinutes).toBe(13);
    expect(r.priorityMix.P3).toBeGreaterThan(0.9);
    expect(r.reopenShare).toBeGreaterThan(0.005);
    expect(r.reopenShare).toBeLessThan(0.02);
    expect(r.meanReassignments).toBeGreaterThan(0.85);
    expect(r.meanReassignments).toBeLessThan(1.05);
    // Over the whole log the median is the log's own 22.1 h.
    const all = history.tickets.filter((t) => t.resolved !== null).map((t) => t.resolved! - t.created).sort((a, b) => a - b);
    expect(all[Math.floor(all.length / 2)] / 60).toBeCloseTo(22.1, 1);
  });

  it('makes a valid scenario whose simulation arrives at the same rate and resolves near the same median', () => {
    const scenario = scenarioOf({ ...result.scenario, horizonDays: 56, warmupDays: 28 });
    expect(scenario.groups.length).toBe(9);
    const rep = runReplication(scenario, scenario.seed, 0);
    const kpi = new Map(rep.kpis);
    // Weeks of the log range from 1,401 to 2,174 (day-level over-dispersion is in the scenario too).
    expect((kpi.get('tickets')! / 56) * 7).toBeGreaterThan(1700);
    expect((kpi.get('tickets')! / 56) * 7).toBeLessThan(2100);
    const median = kpi.get('resolutionMinutes.p50')! / 60;
    expect(median).toBeGreaterThan(15);
    expect(median).toBeLessThan(30);
  });
});

describe.skipIf(!existsSync(HELPDESK))('the Helpdesk event log (doi:10.17632/39bp3vv62t.1)', () => {
  it('reads its 4,580 cases and calibrates a small team', async () => {
    const history = await readHistoryFile(HELPDESK, { format: 'eventlog' });
    expect(history.tickets).toHaveLength(4580);
    const all = history.tickets.filter((t) => t.firstResponse !== null).map((t) => t.firstResponse! - t.created).sort((a, b) => a - b);
    // The log's own figure: "Take in charge ticket" minus the first event, median 16.4 h.
    expect(all[Math.floor(all.length / 2)] / 60).toBeGreaterThan(10);
    const { scenario, report } = calibrate(history);
    scenarioOf(scenario);
    expect(report.ticketsPerWeek).toBeGreaterThan(15);
    expect(report.ticketsPerWeek).toBeLessThan(60);
    expect(report.channelMix.portal).toBe(1);
  });
});

if (!existsSync(UCI) || !existsSync(HELPDESK)) {
  // eslint-disable-next-line no-console
  console.warn(`calibration tests on real logs skipped: ${[UCI, HELPDESK].filter((p) => !existsSync(p)).join(', ')} not found (see ../shared/data/README.md)`);
}
