import { describe, expect, it } from '@jest/globals';
import { chooseProject, withProject } from './project-choice';

const projects = [{ slug: 'fraud' }, { slug: 'churn' }];

describe('chooseProject', () => {
  it('takes the URL’s project first', () => {
    expect(chooseProject('churn', 'fraud', projects)).toBe('churn');
  });

  it('falls back to the remembered one, then the first', () => {
    expect(chooseProject(null, 'churn', projects)).toBe('churn');
    expect(chooseProject('gone', 'churn', projects)).toBe('churn');
    expect(chooseProject('gone', 'also-gone', projects)).toBe('fraud');
    expect(chooseProject(null, null, projects)).toBe('fraud');
  });

  it('is null without projects', () => {
    expect(chooseProject('fraud', 'fraud', [])).toBeNull();
  });
});

describe('withProject', () => {
  it('sets the project and keeps the rest', () => {
    expect(withProject('?experiment=a%20b&project=x', 'churn')).toBe(
      '?experiment=a+b&project=churn',
    );
    expect(withProject('', 'fraud')).toBe('?project=fraud');
  });
});
