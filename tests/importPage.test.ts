/**
 * The import page's pure logic (ui/calibration/): the form's checks before a file is read, the
 * scenario name made from a file name, the format hints against the readers they describe, and the
 * hour-of-week figures the report draws from a calibrated scenario. The page itself runs in
 * Chromium in tests/e2e/import.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenarios/parse.js';
import { calibrate, HISTORY_FORMATS, HISTORY_LIMITS, readHistory } from '../sim/calibration/index.js';
import { TICKET_FIELDS } from '../sim/calibration/ticketTable.js';
import { FORMAT_INFO, GENERIC_OVERRIDES } from '../ui/calibration/formats.js';
import { dayMinutes, isScenarioName, isTimeZone, MAX_FILE_BYTES, planImport, scenarioNameFor, uniqueName, type ImportForm } from '../ui/calibration/importOptions.js';
import { arrivalsByHour, describeSpec, ksWords, mixText, onDutyByHour, quantileGap } from '../ui/calibration/reportFigures.js';

const blank: ImportForm = { format: 'generic', timeZone: '', from: '', to: '', overrides: {} };
const file = { name: 'export.csv', size: 1000 };

describe('the import form, checked before reading', () => {
  it('turns a good form into the reader options: UTC by default, the period in wall-clock minutes', () => {
    const r = planImport({ ...blank, from: '2026-01-05', to: '2026-02-02', overrides: { created: ' Opened On ', id: '' } }, file);
    expect(r).toEqual({
      ok: true,
      plan: { format: 'generic', map: { created: 'Opened On' }, timeZone: 'UTC', from: Date.UTC(2026, 0, 5) / 60_000, to: Date.UTC(2026, 1, 2) / 60_000, fromText: '2026-01-05', toText: '2026-02-02' },
    });
    const zoned = planImport({ ...blank, format: 'servicenow', timeZone: 'Europe/Rome', overrides: { created: 'ignored for presets' } }, file);
    expect(zoned.ok && zoned.plan).toEqual({ format: 'servicenow', map: {}, timeZone: 'Europe/Rome' });
  });

  it('names every bad field: no file, empty or oversized file, unknown format and zone, bad dates, a period that ends first', () => {
    expect(planImport(blank, null)).toEqual({ ok: false, errors: { file: expect.stringMatching(/Choose an export file/) } });
    expect(planImport(blank, { name: 'e.csv', size: 0 })).toEqual({ ok: false, errors: { file: expect.stringMatching(/e\.csv is empty/) } });
    expect(planImport(blank, { name: 'huge.csv', size: MAX_FILE_BYTES + 1 })).toEqual({ ok: false, errors: { file: expect.stringMatching(/huge\.csv is 80\.0 MB, over the 80 MB limit/) } });
    const r = planImport({ format: 'excel', timeZone: 'Mars/Olympus', from: '2026-02-30', to: 'tomorrow', overrides: {} }, file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.format).toMatch(/Unknown format "excel": expected one of generic, servicenow, zendesk, jsm, eventlog/);
    expect(r.errors.timeZone).toMatch(/"Mars\/Olympus" is not a time zone/);
    expect(r.errors.from).toMatch(/"2026-02-30" is not a date: expected YYYY-MM-DD/);
    expect(r.errors.to).toMatch(/"tomorrow" is not a date/);
    const backwards = planImport({ ...blank, from: '2026-03-01', to: '2026-03-01' }, file);
    expect(!backwards.ok && backwards.errors.to).toMatch(/must end after it starts/);
  });

  it('bounds the column overrides: known fields only, at most 200 characters', () => {
    const r = planImport({ ...blank, overrides: { ticketNumber: 'x', created: 'c'.repeat(201) } }, file);
    expect(!r.ok && r.errors).toEqual({ 'map.ticketNumber': expect.stringMatching(/not a field/), 'map.created': expect.stringMatching(/at most 200 characters \(got 201\)/) });
  });

  it('uses the reader’s own limits and date rules', () => {
    expect(MAX_FILE_BYTES).toBe(HISTORY_LIMITS.textChars);
    expect(dayMinutes('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 60_000);
    expect(dayMinutes('2023-02-29')).toBeNaN();
    expect(dayMinutes('2026-4-1')).toBeNaN();
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('Not/AZone')).toBe(false);
  });
});

describe('the scenario name of an import', () => {
  it('comes from the file name, within the schema’s alphabet and 80 characters', () => {
    expect(scenarioNameFor('incident_event_log.csv.zip')).toBe('incident_event_log (imported)');
    expect(scenarioNameFor('C:\\exports\\Zendesk tickets: Q1+Q2 (2026).csv')).toBe('Zendesk tickets Q1+Q2 (2026) (imported)');
    expect(scenarioNameFor('__.csv')).toBe('imported desk');
    const long = scenarioNameFor(`${'x'.repeat(120)}.csv`);
    expect(long).toHaveLength(80);
    for (const name of ['incident_event_log.csv.zip', 'ünïcode—dash.csv', '...', '-lead.csv', `${'é'.repeat(90)}.csv`]) {
      expect(isScenarioName(scenarioNameFor(name)), name).toBe(true);
    }
    expect(isScenarioName(' leading space')).toBe(false);
    expect(isScenarioName('a'.repeat(81))).toBe(false);
  });

  it('is made unique among the stored names', () => {
    expect(uniqueName('desk', new Set(['other']))).toBe('desk');
    expect(uniqueName('desk', new Set(['desk', 'desk 2']))).toBe('desk 3');
    expect(uniqueName('y'.repeat(80), new Set(['y'.repeat(80)]))).toBe(`${'y'.repeat(78)} 2`);
  });
});

describe('the format hints describe the readers', () => {
  it('list the five formats the reader knows, in its order', () => {
    expect(FORMAT_INFO.map((f) => f.format)).toEqual([...HISTORY_FORMATS]);
  });

  it('name columns the readers accept: a file with only the required columns reads', () => {
    const rows: Record<string, string> = {
      generic: 'T-1,2026-01-05 08:00',
      servicenow: 'INC1,5/1/2026 08:00',
      zendesk: '1,2026-01-05 08:00:00',
      jsm: 'X-1,05/Jan/26 9:12 AM',
      eventlog: 'C1,Take in charge ticket,2012/10/09 14:50:17.000',
    };
    for (const info of FORMAT_INFO) {
      const text = `${info.required.join(',')}\n${rows[info.format]}\n`;
      expect(readHistory(text, { format: info.format }).tickets, info.format).toHaveLength(1);
    }
  });

  it('offer only overrides the generic reader takes', () => {
    const values: Record<string, string> = {
      id: 'T-2', created: '2026-01-05 09:00', firstResponse: '2026-01-05 09:30', resolved: '2026-01-06 09:00', closed: '2026-01-07 09:00',
      priority: 'P2', group: 'Network', channel: 'phone', category: 'Access', reassignments: '2', reopens: '1', agent: 'Kim',
    };
    for (const o of GENERIC_OVERRIDES) {
      expect(TICKET_FIELDS as readonly string[]).toContain(o.field);
      const text = `ref,when,my column\nT-1,2026-01-05 08:00,${values[o.field]}\n`;
      const history = readHistory(text, { format: 'generic', map: { id: 'ref', created: 'when', [o.field]: 'my column' } });
      expect(history.tickets, o.field).toHaveLength(1);
    }
    expect(readHistory('ref,when,my column\nT-1,2026-01-05 08:00,Network\n', { format: 'generic', map: { id: 'ref', created: 'when', group: 'my column' } }).tickets[0].group).toBe('Network');
  });
});

describe('figures of the report', () => {
  const text = readFileSync(new URL('./fixtures/calibration/import-servicenow.csv', import.meta.url), 'utf8');
  const { scenario, report } = calibrate(readHistory(text, { format: 'servicenow', source: 'import-servicenow.csv' }));

  it('arrivals by hour add up to the weekly volume, busiest in weekday office hours', () => {
    const arrivals = arrivalsByHour(scenario);
    expect(arrivals).toHaveLength(168);
    const total = arrivals.reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(scenario.demand.reduce((s, d) => s + d.arrivals.perWeek, 0), 6);
    expect(total).toBeCloseTo(report.ticketsPerWeek, 0);
    const busiest = arrivals.indexOf(Math.max(...arrivals));
    // The fixture's generator: Monday to Friday, 09:00-12:00 busiest.
    expect(Math.floor(busiest / 24)).toBeLessThan(5);
    expect(busiest % 24).toBeGreaterThanOrEqual(8);
    expect(busiest % 24).toBeLessThan(18);
  });

  it('people on duty by hour follow the shifts, and average to the report’s staffing estimate', () => {
    for (const group of scenario.groups) {
      const duty = onDutyByHour(group);
      const mean = duty.reduce((s, v) => s + v, 0) / 168;
      const estimate = report.staffing.find((s) => s.group === group.name)!;
      // Shifts round the estimate to whole people (hours under half a person are unstaffed).
      expect(Math.abs(mean - estimate.meanOnDuty), group.name).toBeLessThan(0.5);
    }
    const shifts = { name: 'g', tier: 'L1' as const, skills: [], shifts: [
      { name: 'day', days: ['Mon' as const, 'Tue' as const], from: '08:00', to: '17:30', headcount: 3 },
      { name: 'night', days: ['Sun' as const], from: '22:00', to: '06:00', headcount: 1 },
    ] };
    const duty = onDutyByHour(shifts);
    expect(duty[8]).toBe(3);
    expect(duty[17]).toBe(1.5);
    expect(duty[24 + 16]).toBe(3);
    expect(duty[2 * 24 + 8]).toBe(0);
    expect(duty[6 * 24 + 23]).toBe(1);
    // Sunday night runs into Monday morning (the week wraps).
    expect(duty[5]).toBe(1);
    expect(duty[6]).toBe(0);
    expect(onDutyByHour({ name: 'h', tier: 'L1', skills: [], headcount: 4 })).toEqual(new Array(168).fill(4));
  });

  it('the calibrated desk under the page’s name loads as a scenario', () => {
    const named = { ...scenario, name: scenarioNameFor('import-servicenow.csv') };
    const parsed = parseScenario(JSON.parse(JSON.stringify(named)));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('describe fits in words', () => {
    expect(describeSpec({ type: 'lognormal', mean: 90, cv: 1.234 })).toBe('lognormal, mean 1.5 h, cv 1.23');
    expect(describeSpec({ type: 'weibull', shape: 0.8, scale: 30 })).toBe('Weibull, shape 0.80, scale 30 min');
    expect(describeSpec({ type: 'empirical', samples: [1, 2, 3] })).toMatch(/^the data itself \(3 quantiles\)/);
    expect([ksWords(0.01), ksWords(0.07), ksWords(0.2)]).toEqual(['close', 'fair', 'loose']);
    expect(quantileGap(100, 112)).toBeCloseTo(0.12, 10);
    expect(quantileGap(0, 0)).toBe(0);
    expect(mixText({ P1: 0.1, P2: 0, P3: 0.9 })).toBe('P1 10.0%, P3 90.0%');
    expect(mixText({ email: 0.2, phone: 0.8 }, true)).toBe('phone 80.0%, email 20.0%');
  });
});
