import { CliError } from '../output';
import { parseMetricThreshold, parseMetricThresholds } from './thresholds';

describe('`sextant gate --metric` thresholds', () => {
  it('reads the metric, the direction and each threshold', () => {
    expect(parseMetricThreshold('cv_accuracy,min_abs=0')).toEqual([
      'cv_accuracy',
      { greaterIsBetter: true, minAbsoluteChange: 0 },
    ]);
    expect(parseMetricThreshold('loss, lower, threshold=0.5, min_rel=0.1')).toEqual([
      'loss',
      { greaterIsBetter: false, threshold: 0.5, minRelativeChange: 0.1 },
    ]);
    expect(parseMetricThreshold('auc,min_absolute_change=1e-3')[1].minAbsoluteChange).toBe(0.001);
  });

  it('refuses what it cannot read, naming the part', () => {
    const bad = (text: string) => {
      try {
        parseMetricThreshold(text);
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        expect((e as CliError).exitCode).toBe(2);
        return (e as Error).message;
      }
      throw new Error(`accepted ${text}`);
    };
    expect(bad('acc')).toContain('give threshold=');
    expect(bad('acc,min_abs=zero')).toContain('min_abs must be a number');
    expect(bad('acc,min_abs=')).toContain('"min_abs="');
    expect(bad('acc,higher,lower,threshold=1')).toContain('both higher and lower');
    expect(bad(',threshold=1')).toContain('no metric name');
    expect(() => parseMetricThresholds(['a,threshold=1', 'a,min_abs=0'])).toThrow('given twice');
  });
});
