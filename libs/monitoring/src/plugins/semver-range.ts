/**
 * A small semver range check for plugin manifests (`sextant.sdk`), following node-semver's rules
 * for the forms manifests use: exact versions, `^` and `~`, x-ranges (`1.x`, `1.2`, `*`),
 * comparators (`>=`, `>`, `<=`, `<`, `=`) joined by spaces (and) and `||` (or). Hyphen ranges
 * (`1.0.0 - 2.0.0`) are not supported: `parseRange` rejects them with a message.
 *
 * Written here because the `semver` package is not a dependency of @sextant/monitoring (it only
 * resolves as a hoisted transitive dependency). Pre-releases follow node-semver: a version like
 * `1.2.0-rc.1` satisfies a range only if one of the range's comparators names a pre-release of
 * the same major.minor.patch.
 */

interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
}

type Operator = '>=' | '>' | '<=' | '<' | '=';

interface Comparator {
  op: Operator;
  version: Version;
}

/** One `||` alternative: every comparator must hold. An empty list matches any version. */
type ComparatorSet = Comparator[];

const VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
// A partial version: 1, 1.2, 1.2.3, with x / X / * for a missing part, and an optional pre-release.
const PARTIAL =
  /^v?(0|[1-9]\d*|[xX*])(?:\.(0|[1-9]\d*|[xX*])(?:\.(0|[1-9]\d*|[xX*])(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]+)?)?)?$/;

function prereleaseParts(text: string | undefined): (string | number)[] {
  if (!text) return [];
  return text.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Parses a full semver version (`1.2.3`, `1.2.3-rc.1`); undefined if it is not one. */
export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: prereleaseParts(m[4]),
  };
}

function comparePrerelease(a: (string | number)[], b: (string | number)[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release is greater
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1; // numeric identifiers sort before alphanumeric ones
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function compare(a: Version, b: Version): number {
  return (
    a.major - b.major ||
    a.minor - b.minor ||
    a.patch - b.patch ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

const v = (major: number, minor: number, patch: number, prerelease: (string | number)[] = []) => ({
  major,
  minor,
  patch,
  prerelease,
});

const isX = (part: string | undefined) => part === undefined || /^[xX*]$/.test(part);

/** Desugars one token (`^1.2`, `~1`, `>=1.2.3`, `1.x`, `*`) into comparators. */
function desugar(token: string): Comparator[] {
  const m = /^(\^|~>?|>=|<=|>|<|=)?\s*(.*)$/.exec(token)!;
  const op = m[1] ?? '';
  const p = PARTIAL.exec(m[2]!);
  if (!p) throw new Error(`'${token}' is not a version or a range this host understands`);
  const [, majorText, minorText, patchText, preText] = p;
  const pre = prereleaseParts(preText);
  if (isX(majorText)) {
    // `*`, `x`, `>=*`: any version; `<*` / `>*` match nothing.
    if (op === '<' || op === '>') return [{ op: '<', version: v(0, 0, 0, [0]) }];
    return [];
  }
  const major = Number(majorText);
  const minorX = isX(minorText);
  const patchX = isX(patchText);
  const minor = minorX ? 0 : Number(minorText);
  const patch = patchX ? 0 : Number(patchText);
  const lower = v(major, minor, patch, pre);

  switch (op) {
    case '^': {
      // The upper bound keeps the left-most non-zero part (node-semver's caret rule).
      const upper =
        major > 0 || minorX
          ? v(major + 1, 0, 0, [0])
          : minor > 0 || patchX
            ? v(0, minor + 1, 0, [0])
            : v(0, 0, patch + 1, [0]);
      return [
        { op: '>=', version: lower },
        { op: '<', version: upper },
      ];
    }
    case '~':
    case '~>': {
      const upper = minorX ? v(major + 1, 0, 0, [0]) : v(major, minor + 1, 0, [0]);
      return [
        { op: '>=', version: lower },
        { op: '<', version: upper },
      ];
    }
    case '':
    case '=': {
      if (!minorX && !patchX) return [{ op: '=', version: lower }];
      const upper = minorX ? v(major + 1, 0, 0, [0]) : v(major, minor + 1, 0, [0]);
      return [
        { op: '>=', version: lower },
        { op: '<', version: upper },
      ];
    }
    case '>':
      // `>1.2` means ≥ 1.3.0; `>1` means ≥ 2.0.0.
      if (minorX) return [{ op: '>=', version: v(major + 1, 0, 0, [0]) }];
      if (patchX) return [{ op: '>=', version: v(major, minor + 1, 0, [0]) }];
      return [{ op: '>', version: lower }];
    case '<=':
      // `<=1.2` means < 1.3.0.
      if (minorX) return [{ op: '<', version: v(major + 1, 0, 0, [0]) }];
      if (patchX) return [{ op: '<', version: v(major, minor + 1, 0, [0]) }];
      return [{ op: '<=', version: lower }];
    case '<':
      return [{ op: '<', version: minorX || patchX ? v(major, minor, 0, [0]) : lower }];
    case '>=':
      return [{ op: '>=', version: lower }];
    default:
      throw new Error(`'${token}': unknown operator '${op}'`);
  }
}

/** Parses a range into `||` alternatives; throws an Error saying what is wrong. */
export function parseRange(range: string): ComparatorSet[] {
  const text = range.trim();
  if (text.length > 256) throw new Error('the range is longer than 256 characters');
  return text.split('||').map((alternative) => {
    const trimmed = alternative.trim();
    if (/\s-\s/.test(trimmed)) throw new Error(`hyphen ranges ('${trimmed}') are not supported`);
    // `>= 1.2.3` is one comparator: glue operators to their version first.
    const tokens = trimmed
      .replace(/(\^|~>?|>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s+/)
      .filter((t) => t.length > 0);
    return tokens.flatMap(desugar);
  });
}

function test(comparator: Comparator, version: Version): boolean {
  const c = compare(version, comparator.version);
  switch (comparator.op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '=':
      return c === 0;
  }
}

/** Bounds like `<2.0.0-0` are internal: they never allow a pre-release by themselves. */
const isSyntheticBound = (c: Comparator) =>
  c.version.prerelease.length === 1 && c.version.prerelease[0] === 0 && c.op === '<';

function satisfiesSet(set: ComparatorSet, version: Version): boolean {
  if (!set.every((c) => test(c, version))) return false;
  if (version.prerelease.length === 0) return true;
  // node-semver: a pre-release matches only a comparator that names a pre-release of the same tuple.
  return set.some(
    (c) =>
      !isSyntheticBound(c) &&
      c.version.prerelease.length > 0 &&
      c.version.major === version.major &&
      c.version.minor === version.minor &&
      c.version.patch === version.patch,
  );
}

/** Whether `version` satisfies `range`; throws if either does not parse. */
export function satisfies(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`'${version}' is not a semver version`);
  return parseRange(range).some((set) => satisfiesSet(set, parsed));
}
