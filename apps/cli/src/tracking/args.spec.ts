import { CliError } from '../output';
import { parseInteger, parseMetricValue, shieldNegativeNumbers, unshield } from './args';

describe('command-line values of the tracking commands', () => {
  it('keeps negative numbers as values, not options', () => {
    const args = shieldNegativeNumbers(
      ['log-metric', 'r1', 'loss', '-0.5', '--step', '-3', '--timestamp=5', '-Infinity', '--json'],
      new Set(['step', 'timestamp']),
    );
    expect(args.map(unshield)).toEqual([
      'log-metric',
      'r1',
      'loss',
      '-0.5',
      '--step=-3',
      '--timestamp=5',
      '-Infinity',
      '--json',
    ]);
    // Shielded tokens do not start with a dash, so parseArgs takes them for positionals.
    expect(args[3]!.startsWith('-')).toBe(false);
    // Options stay options, and everything after `--` is left alone.
    expect(shieldNegativeNumbers(['-h', '--', '-1'], new Set())).toEqual(['-h', '--', '-1']);
  });

  it('reads metric values: decimals, exponents, NaN and ±Infinity in any case', () => {
    expect(parseMetricValue('0.25')).toBe(0.25);
    expect(parseMetricValue('-1e-3')).toBe(-0.001);
    expect(parseMetricValue('.5')).toBe(0.5);
    expect(parseMetricValue('NaN')).toBeNaN();
    expect(parseMetricValue('nan')).toBeNaN();
    expect(parseMetricValue('inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseMetricValue('+Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(parseMetricValue('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
  });

  it('refuses what is not a number with a usage error (exit 2), never reads it as 0', () => {
    for (const bad of ['', ' ', 'zero', '0x10', '1,5', '1e999', '--1']) {
      expect(() => parseMetricValue(bad)).toThrow(CliError);
      try {
        parseMetricValue(bad);
      } catch (error) {
        expect((error as CliError).exitCode).toBe(2);
      }
    }
  });

  it('reads integer options within bounds', () => {
    expect(parseInteger('step', '-3', { min: -10, max: 10 })).toBe(-3);
    expect(parseInteger('step', undefined, { min: 0, max: 1 })).toBeUndefined();
    expect(() => parseInteger('limit', '0', { min: 1, max: 10 })).toThrow('--limit must be');
    expect(() => parseInteger('limit', '1.5', { min: 1, max: 10 })).toThrow(CliError);
    expect(() => parseInteger('limit', '9007199254740993', { min: 1, max: 2 ** 60 })).toThrow(
      CliError,
    );
  });
});
