import { describe, expect, it } from '@jest/globals';
import { compareHref, runHref, runIdsOf, runsHref } from './tracking-links';

describe('tracking links', () => {
  it('carry the project and encode names', () => {
    expect(runsHref('fraud', 'churn v2/a&b')).toBe(
      '/runs?project=fraud&experiment=churn+v2%2Fa%26b',
    );
    expect(runHref('fraud', 'r1')).toBe('/runs/r1?project=fraud');
    expect(compareHref('fraud', ['a', 'b'])).toBe('/compare?project=fraud&runs=a%2Cb');
  });

  it('reads ?runs= back: each id once, at most max', () => {
    expect(runIdsOf('a, b,,a,c', 10)).toEqual(['a', 'b', 'c']);
    expect(runIdsOf('a,b,c', 2)).toEqual(['a', 'b']);
    expect(runIdsOf(null, 10)).toEqual([]);
  });
});
