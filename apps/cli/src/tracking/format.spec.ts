import { clean, formatBytes, formatMetric, formatTime, table } from './format';

describe('text output', () => {
  it('escapes control characters from API data so they cannot drive the terminal', () => {
    expect(clean('run\u001b[2J\nname')).toBe('run\\u001b[2J\\nname');
    expect(clean('pl\u202eain')).toBe('pl\\u202eain');
    expect(clean('plain – ünïcode')).toBe('plain – ünïcode');
  });

  it('shows metrics with up to 6 significant digits, NaN and ±Infinity as words', () => {
    expect(formatMetric(0.953333333333)).toBe('0.953333');
    expect(formatMetric(1234567.891)).toBe('1234570');
    expect(formatMetric(42)).toBe('42');
    expect(formatMetric(1e-9)).toBe('1e-9');
    expect(formatMetric('NaN')).toBe('NaN');
    expect(formatMetric(null)).toBe('');
  });

  it('formats times, sizes and aligned tables', () => {
    expect(formatTime('2025-12-01T22:43:05.123Z')).toBe('2025-12-01 22:43:05');
    expect(formatTime(null)).toBe('');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(300_000)).toBe('293 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(
      table(
        ['A', 'LONG'],
        [
          ['xyz', '1'],
          ['', '22'],
        ],
      ),
    ).toEqual(['A    LONG', 'xyz  1', '     22']);
  });
});
