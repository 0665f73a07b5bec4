import { CliError } from '../output';
import { safeSegments } from './local-files';

describe('artifact paths joined to a local folder', () => {
  it('takes relative paths of plain segments', () => {
    expect(safeSegments('plots/roc/curve data.csv')).toEqual(['plots', 'roc', 'curve data.csv']);
    expect(safeSegments('..hidden')).toEqual(['..hidden']);
  });

  it.each(['../etc/passwd', 'a/../../b', '/etc/passwd', 'a//b', './a', 'a\\..\\b', 'C:x', 'a\0b'])(
    'refuses %j, which could leave the folder',
    (p) => {
      expect(() => safeSegments(p)).toThrow(CliError);
    },
  );
});
