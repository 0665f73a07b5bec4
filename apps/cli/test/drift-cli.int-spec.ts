import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { normalSample } from '@sextant/plugin-sdk/testing';
import { cli, sextantIn } from './seed/cli-process';

// The seed scenario of issue 9 through `sextant drift` on two CSV files: the samples of
// plugins/stattests/test/seed.spec.ts (5,000 draws from N(0, 1) and 5,000 from N(0.3, 1.1)),
// written with String(x), which reads back to the same doubles. Independent computation on the
// same numbers (SciPy 1.17.1, numpy 2.4.6; seed.spec.ts and libs/monitoring/test/reference_values.py):
//   PSI (10 quantile bins of the baseline, empty bins masked) 0.08195289064410288
//   ks_2samp: statistic 0.1252, p-value 1.5033394996675705e-34
//   baseline vs N(0, 1) seed 20260202: wasserstein_distance / np.std(baseline) 0.02404629350192262

const baseline = normalSample(20260101, 5000, 0, 1);
const production = normalSample(20260102, 5000, 0.3, 1.1);
const stable = normalSample(20260202, 5000, 0, 1);

const csv = (header: string, rows: readonly string[]) => `${header}\n${rows.join('\n')}\n`;

/** The table's rows as cells (two spaces or more between columns), keyed by column and test. */
function tableRows(stdout: string): Map<string, string[]> {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('COLUMN'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const cells = line.split(/ {2,}/);
    rows.set(`${cells[0]} ${cells[2]}`, cells);
  }
  return rows;
}

describe('sextant drift (no server)', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  /** The seed files: the baseline as reference, production as current. */
  const seed = ['--reference', 'ref.csv', '--current', 'cur.csv'];
  const sextant = (args: string[]) =>
    sextantIn({ XDG_CONFIG_HOME: dir, HOME: dir }, ['drift', ...args], { cwd: dir });

  beforeAll(async () => {
    if (!existsSync(cli))
      throw new Error(`${cli} is missing: build first (npm run build -w @sextant/cli)`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'sextant-drift-cli-'));
    await writeFile(file('ref.csv'), csv('x', Array.from(baseline, String)));
    await writeFile(file('cur.csv'), csv('x', Array.from(production, String)));
    await writeFile(file('stable.csv'), csv('x', Array.from(stable, String)));
    // Two columns: x drifts, y (the same values on both sides) does not.
    const two = (xs: Float64Array) =>
      csv(
        'x,y',
        Array.from(xs, (v, i) => `${v},${baseline[i]}`),
      );
    await writeFile(file('ref2.csv'), two(baseline));
    await writeFile(file('cur2.csv'), two(production));
    await writeFile(file('ragged.csv'), 'x,y\n0.5,1\n0.25,2\n\n0.75\n1,3\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the per-column table and the dataset drift share, and exits 3 on drift', async () => {
    const r = await sextant([...seed, '--tests', 'psi,ks']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('drift: cur.csv against ref.csv');
    expect(lines[2]!.split(/ {2,}/)).toEqual([
      'COLUMN',
      'KIND',
      'TEST',
      'STATISTIC',
      'P-VALUE',
      'THRESHOLD',
      'DRIFTED',
    ]);
    const rows = tableRows(r.stdout);
    // 6 significant digits: 0.0819529 (PSI < 0.1: stable, not drifted); KS 0.1252, p 1.50334e-34.
    expect(rows.get('x psi')).toEqual(['x', 'numeric', 'psi', '0.0819529', '0.1', 'no']);
    expect(rows.get('x ks')).toEqual([
      'x',
      'numeric',
      'ks',
      '0.1252',
      '1.50334e-34',
      '0.05',
      'DRIFT',
    ]);
    expect(r.stdout).toContain('1 of 1 columns drifted (100%); drift share 0.5: DATASET DRIFT');
  });

  it('--json prints the report as one document', async () => {
    const r = await sextant([...seed, '--tests', 'psi', '--tests', 'ks', '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as {
      columns: { column: string; tests: { test: string; statistic: number; pValue?: number }[] }[];
      driftedShare: number;
      datasetDrift: boolean;
    };
    const [psi, ks] = report.columns[0]!.tests;
    expect(Math.abs(psi!.statistic - 0.08195289064410288)).toBeLessThan(1e-11);
    expect(ks!.statistic).toBe(0.1252);
    expect(Math.abs(ks!.pValue! / 1.5033394996675705e-34 - 1)).toBeLessThan(1e-8);
    expect(report).toMatchObject({ driftedShare: 1, datasetDrift: true });
  });

  it('exits 0 without dataset drift: the automatic choice, and a share below --drift-share', async () => {
    const auto = await sextant(['--reference', 'ref.csv', '--current', 'stable.csv']);
    expect(auto.code).toBe(0);
    // No p-value: the row has one cell fewer.
    const [, kind, , statistic, threshold, drifted] = tableRows(auto.stdout).get(
      'x wasserstein (auto)',
    )!;
    expect(kind).toBe('numeric');
    expect(Math.abs(Number(statistic) - 0.02404629350192262)).toBeLessThan(1e-6);
    expect([threshold, drifted]).toEqual(['0.1', 'no']);
    expect(auto.stdout).toContain('0 of 1 columns drifted (0%); drift share 0.5: no dataset drift');

    const half = ['--reference', 'ref2.csv', '--current', 'cur2.csv', '--tests', 'ks'];
    const at = await sextant(half);
    expect(at.code).toBe(3);
    expect(at.stdout).toContain('1 of 2 columns drifted (50%); drift share 0.5: DATASET DRIFT');
    const below = await sextant([...half, '--drift-share', '0.75']);
    expect(below.code).toBe(0);
    expect(below.stdout).toContain(
      '1 of 2 columns drifted (50%); drift share 0.75: no dataset drift',
    );
    const one = await sextant([...half, '--columns', 'y']);
    expect(one.code).toBe(0);
    expect([...tableRows(one.stdout).keys()]).toEqual(['y ks']);
  });

  it('a ragged row: exit 2, naming the file, the line and the counts', async () => {
    const r = await sextant(['--reference', 'ref.csv', '--current', 'ragged.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'sextant: ragged.csv: line 5: expected 2 fields (as the header), found 1\n',
    );
  });

  it('an unknown test: exit 2, listing the known ones', async () => {
    const r = await sextant([...seed, '--tests', 'psi,kolmogorov']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^sextant: .*tests\.1: unknown drift test 'kolmogorov'; known tests: psi, ks, /,
    );
    const json = await sextant([...seed, '--tests', 'nope', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining("unknown drift test 'nope'") },
    });
  });

  it('other bad command lines exit 2', async () => {
    const missing = await sextant(['--reference', 'ref.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('give both files');
    const share = await sextant([...seed, '--drift-share', '1.5']);
    expect(share.code).toBe(2);
    expect(share.stderr).toContain('--drift-share must be a number above 0 and at most 1');
    const nofile = await sextant(['--reference', 'ref.csv', '--current', 'nope.csv']);
    expect(nofile.code).toBe(2);
    expect(nofile.stderr).toBe('sextant: nope.csv: cannot read the file (ENOENT)\n');
    const column = await sextant([...seed, '--columns', 'z']);
    expect(column.code).toBe(2);
    expect(column.stderr).toContain("column 'z' is not in reference nor current");
  });
});
