import { describe, expect, it } from '@jest/globals';
import {
  decodeJsonNumber,
  describeDirection,
  describeOpenWindow,
  describePluginSource,
  describeWindow,
  formatDuration,
  formatPValue,
  formatShare,
  formatStatistic,
  monitorHref,
  monitoringHref,
  monitoringTab,
  windowVerdict,
} from './monitoring';

describe('monitoring links', () => {
  it('carry the project, and the plugins tab only when asked', () => {
    expect(monitoringHref('lending')).toBe('/monitoring?project=lending');
    expect(monitoringHref('lending', 'plugins')).toBe('/monitoring?project=lending&tab=plugins');
    expect(monitorHref('lending', 'credit-drift')).toBe('/monitoring/credit-drift?project=lending');
    expect(monitorHref('a b', 'x/y')).toBe('/monitoring/x%2Fy?project=a+b');
  });

  it('reads the tab, anything unknown being the monitors', () => {
    expect(monitoringTab('plugins')).toBe('plugins');
    expect(monitoringTab(null)).toBe('monitors');
    expect(monitoringTab('Plugins')).toBe('monitors');
  });
});

describe('numbers', () => {
  it('decodes the JSON strings for NaN and the infinities', () => {
    expect(decodeJsonNumber(0.25)).toBe(0.25);
    expect(decodeJsonNumber('NaN')).toBeNaN();
    expect(decodeJsonNumber('Infinity')).toBe(Infinity);
    expect(decodeJsonNumber('-Infinity')).toBe(-Infinity);
    expect(decodeJsonNumber(null)).toBeNull();
    expect(decodeJsonNumber(undefined)).toBeNull();
  });

  it('formats statistics with four significant digits', () => {
    expect(formatStatistic(0.123456)).toBe('0.1235');
    expect(formatStatistic(0.1)).toBe('0.1');
    expect(formatStatistic(12.5)).toBe('12.5');
    expect(formatStatistic(0)).toBe('0');
    expect(formatStatistic(3.2e-7)).toBe('3.20e-7');
    expect(formatStatistic(2.5e6)).toBe('2.50e+6');
    expect(formatStatistic(Number.NaN)).toBe('NaN');
    expect(formatStatistic(Infinity)).toBe('∞');
    expect(formatStatistic(-Infinity)).toBe('−∞');
    expect(formatStatistic(null)).toBe('—');
  });

  it('says a p-value that underflowed to 0 is tiny, not zero', () => {
    expect(formatPValue(0)).toBe('< 1e-300');
    expect(formatPValue(0.04)).toBe('0.04');
    expect(formatPValue(1.5e-12)).toBe('1.50e-12');
  });

  it('formats shares as percentages', () => {
    expect(formatShare(0.75)).toBe('75 %');
    expect(formatShare(1 / 3)).toBe('33.3 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(null)).toBe('—');
  });
});

describe('windows', () => {
  it('says durations with the largest unit and the next one down', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(90)).toBe('1 min 30 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3_600)).toBe('1 h');
    expect(formatDuration(5_400)).toBe('1 h 30 min');
    expect(formatDuration(3_601)).toBe('1 h');
    expect(formatDuration(108_000)).toBe('1 d 6 h');
    expect(formatDuration(172_800)).toBe('2 d');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-1)).toBe('—');
  });

  it('describes count and time windows and how far the open one is', () => {
    expect(describeWindow({ kind: 'count', size: 200 })).toBe('200 predictions');
    expect(describeWindow({ kind: 'count', size: 10_000 })).toBe('10,000 predictions');
    expect(describeWindow({ kind: 'time', seconds: 3_600 })).toBe('1 h');
    expect(describeOpenWindow({ kind: 'count', size: 200 }, 120)).toBe('120 / 200');
    expect(describeOpenWindow({ kind: 'time', seconds: 60 }, 1_500)).toBe('1,500 so far');
  });

  it('gives each kind of window report its verdict', () => {
    const report = { windowSeq: 3, count: 200, datasetDrift: false, driftShare: 0.25 };
    expect(windowVerdict(undefined).kind).toBe('none');
    expect(windowVerdict({ ...report, status: 'reference' })).toMatchObject({
      kind: 'reference',
      label: 'reference',
    });
    expect(windowVerdict({ ...report, status: 'insufficient', count: 12 })).toMatchObject({
      kind: 'insufficient',
      title: expect.stringContaining('12 predictions') as unknown as string,
    });
    expect(windowVerdict({ ...report, status: 'ok' })).toMatchObject({
      kind: 'no-drift',
      label: 'no drift',
    });
    expect(
      windowVerdict({ ...report, status: 'ok', datasetDrift: true, driftShare: 0.75 }),
    ).toMatchObject({ kind: 'drift', label: 'drift · 75 %' });
  });
});

describe('plugins', () => {
  it('says where a plugin was found', () => {
    expect(describePluginSource({ kind: 'built-in' })).toBe('built-in');
    expect(describePluginSource({ kind: 'folder', folder: '/srv/plugins' })).toBe(
      'folder /srv/plugins',
    );
    expect(describePluginSource({ kind: 'package', package: '@acme/drift' })).toBe(
      'package @acme/drift',
    );
  });

  it('says how a test decides by its direction', () => {
    expect(describeDirection('p-value', 0.05)).toBe('drift when p-value < 0.05');
    expect(describeDirection('distance', 0.1)).toBe('drift when statistic > 0.1');
  });
});
