import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenarios/parse.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'supportsim.js');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'calibration');
const UCI = join(ROOT, '..', 'shared', 'data', 'uci-servicenow-incidents', 'incident_event_log.csv.zip');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** dist/ older than the calibration sources (or missing): build, as `npm test` does first. */
function distIsStale(): boolean {
  const built = join(ROOT, 'dist', 'workers', 'calibration', 'calibrateCommand.js');
  if (!existsSync(built)) return true;
  const sources = ['workers/calibration/calibrateCommand.ts', 'sim/calibration/calibrate.ts', 'sim/calibration/readHistory.ts', 'workers/cli.ts', 'workers/cli/calibrateTable.ts'];
  return sources.some((s) => statSync(join(ROOT, s)).mtimeMs > statSync(built).mtimeMs);
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'supportsim-calibrate-cli-'));
  if (distIsStale()) {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('supportsim calibrate', () => {
  it('writes a valid scenario that supportsim run accepts, and prints the fit report', () => {
    const out = join(dir, 'zendesk.json');
    const r = cli('calibrate', join(FIXTURES, 'zendesk.csv'), '--format', 'zendesk', '--out', out, '--time-zone', 'Europe/Rome', '--max-groups', '1');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Calibrated from zendesk.csv (zendesk): 4 tickets');
    expect(r.stdout).toContain('Fitted distributions vs the data');
    expect(r.stdout).toContain(`Scenario written to ${out}`);
    const scenario = JSON.parse(readFileSync(out, 'utf8'));
    expect(parseScenario(scenario).ok).toBe(true);
    expect(scenario.timeZone).toBe('Europe/Rome');
    // Two groups and --max-groups 1: merging one group into "other" would only rename it.
    expect(scenario.groups.map((g: { name: string }) => g.name)).toEqual(['Support', 'Billing']);
    const run = cli('run', out, '--replications', '2', '--workers', '0', '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).kpis.tickets.mean).toBeGreaterThan(0);
  });

  it('--json prints the report; --from/--to select the period', () => {
    const r = cli('calibrate', join(FIXTURES, 'generic.csv'), '--format', 'generic', '--json', '--from', '2026-01-05', '--to', '2026-01-07');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.tickets).toBe(3); // created 5 and 6 January; T-4 came on the 7th
    expect(report.fits.length).toBeGreaterThan(0);
  });

  it('bad arguments exit 2 and bad files exit 1, each with a message naming the problem', () => {
    expect(cli('calibrate', join(FIXTURES, 'generic.csv')).stderr).toContain('calibrate needs --format (generic, servicenow, zendesk, jsm, eventlog)');
    expect(cli('calibrate', join(FIXTURES, 'generic.csv')).status).toBe(2);
    expect(cli('calibrate', join(FIXTURES, 'generic.csv'), '--format', 'excel').stderr).toContain('--format: expected one of generic, servicenow, zendesk, jsm, eventlog, got "excel"');
    expect(cli('calibrate', join(FIXTURES, 'generic.csv'), '--format', 'generic', '--from', '5/1/2026').stderr).toContain('--from: expected a date YYYY-MM-DD');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'id,created\n1,2026-01-05 10:00\n2,tomorrow\n');
    const r = cli('calibrate', bad, '--format', 'generic');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bad.csv: row 3, column "created": "tomorrow" is not a date');
    const missing = cli('calibrate', join(dir, 'nope.csv'), '--format', 'generic');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file');
    expect(cli('calibrate', '--help').stdout).toContain('--map field=column');
    expect(cli('--help').stdout).toContain('supportsim calibrate <export.csv|.zip>');
  });

  it.skipIf(!existsSync(UCI))('calibrates the UCI log to a scenario that runs (the README example)', () => {
    const out = join(dir, 'uci.json');
    const r = cli('calibrate', UCI, '--format', 'servicenow', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tickets a week\s+1899\.6/);
    const run = cli('run', out, '--replications', '2', '--workers', '2', '--json');
    expect(run.status, run.stderr).toBe(0);
    const kpis = JSON.parse(run.stdout).kpis;
    expect((kpis.tickets.mean / 91) * 7).toBeGreaterThan(1700);
    expect(kpis.resolutionMinutes.p50.mean / 60).toBeGreaterThan(15);
  });
});
