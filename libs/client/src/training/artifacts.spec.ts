import { artifactUrl } from './artifacts';

describe('artifact URLs', () => {
  it('percent-encodes each path segment and keeps the slashes between them', () => {
    expect(artifactUrl({ url: 'http://api:4000/' }, 'r1', 'datasets/iris v2/data #1.csv')).toBe(
      'http://api:4000/api/v1/runs/r1/artifacts/datasets/iris%20v2/data%20%231.csv',
    );
  });

  it('goes to the tracking service’s own URL in distributed mode', () => {
    expect(
      artifactUrl(
        { url: 'http://console:3000', serviceUrls: { tracking: 'http://tracking:4001' } },
        'r1',
        'm.json',
      ),
    ).toBe('http://tracking:4001/api/v1/runs/r1/artifacts/m.json');
  });

  it('refuses the segments URL parsing would resolve to another path', () => {
    for (const bad of ['a/../../b', './x', 'a//b', '']) {
      expect(() => artifactUrl({ url: 'http://api' }, 'r1', bad)).toThrow(RangeError);
    }
    expect(() => artifactUrl({ url: 'http://api' }, '..', 'x')).toThrow(/run id/);
    // A name with dots is fine.
    expect(artifactUrl({ url: 'http://api' }, 'r1', '..hidden/.env')).toBe(
      'http://api/api/v1/runs/r1/artifacts/..hidden/.env',
    );
  });
});
