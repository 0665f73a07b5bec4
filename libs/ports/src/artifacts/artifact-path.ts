import { AppError } from '@sextant/errors';

const MAX_PATH_LENGTH = 1024;
const MAX_SEGMENT_LENGTH = 255;

// C0/C1 controls, DEL, and the bidi overrides that make a name display as another.
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
// Any %XX escape: names arrive decoded, so an escape left in one is double encoding or an attack.
const PERCENT_ESCAPE = /%[0-9a-fA-F]{2}/;
const DRIVE_LETTER = /^[A-Za-z]:/;
// `..`, `...`, `.. ` — Windows and some tools trim trailing dots and spaces.
const DOTS_ONLY = /^[.\s]+$/;

function refuse(input: string, reason: string): never {
  const shown = JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input);
  throw new AppError('BAD_REQUEST', `Invalid artifact path ${shown}: ${reason}`, {
    fields: [{ path: 'path', message: reason }],
  });
}

function check(original: string, form: string): string[] {
  if (form.length === 0) refuse(original, 'empty');
  if (form.length > MAX_PATH_LENGTH) refuse(original, `longer than ${MAX_PATH_LENGTH} characters`);
  if (CONTROL.test(form)) refuse(original, 'contains a control character');
  if (form.includes('\\')) refuse(original, 'contains a backslash');
  if (PERCENT_ESCAPE.test(form)) refuse(original, 'contains a percent-encoded sequence');
  if (form.startsWith('/') || DRIVE_LETTER.test(form)) refuse(original, 'is absolute');
  const segments: string[] = [];
  for (const segment of form.split('/')) {
    if (segment === '') refuse(original, 'has an empty segment');
    if (segment === '.') continue;
    if (DOTS_ONLY.test(segment)) refuse(original, `has a "${segment}" segment`);
    if (segment.length > MAX_SEGMENT_LENGTH) {
      refuse(original, `has a segment longer than ${MAX_SEGMENT_LENGTH} characters`);
    }
    segments.push(segment);
  }
  if (segments.length === 0) refuse(original, 'names no file');
  return segments;
}

/**
 * Checks a *logical* artifact name chosen by a user (a run's `model/model.onnx`) and returns it as a
 * clean relative POSIX path (NFC, `.` segments dropped). Refuses, with a BAD_REQUEST naming the
 * path: `..`, absolute paths, backslashes, control characters, empty segments and any
 * percent-encoded sequence (so `%2e%2e%2f` and `%252e%252e` too). The compatibility form (NFKC) is
 * checked as well, so full-width `．．／` cannot turn into `../` further down the line.
 */
export function normalizeArtifactPath(input: string): string {
  if (typeof input !== 'string') refuse(String(input), 'not a string');
  const segments = check(input, input.normalize('NFC'));
  check(input, input.normalize('NFKC'));
  return segments.join('/');
}
