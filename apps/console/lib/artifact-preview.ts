/** The most of an artifact the console reads to preview it (the rest is a download away). */
export const PREVIEW_MAX_BYTES = 100 * 1024;

/** How an artifact is previewed in the console; `none`: download only. */
export type PreviewKind = 'image' | 'json' | 'csv' | 'text' | 'none';

const TEXT_EXTENSIONS = new Set([
  'txt',
  'log',
  'md',
  'yaml',
  'yml',
  'toml',
  'ini',
  'cfg',
  'py',
  'sh',
  'xml',
  'html',
  'tsv',
]);
// Raster only: the API serves SVG (which can hold scripts) as application/octet-stream.
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp']);

/**
 * The preview an artifact gets, from its content type, else its file extension. An image is
 * previewed only when the API serves it as one (an `<img>` of anything else shows nothing);
 * text of any kind is safe to show, as text.
 */
export function previewKind(path: string, contentType: string | null): PreviewKind {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const ext = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
  if (type.startsWith('image/') || (!type && IMAGE_EXTENSIONS.has(ext))) return 'image';
  if (type === 'application/json' || type.endsWith('+json') || ext === 'json') return 'json';
  if (type === 'text/csv' || ext === 'csv') return 'csv';
  if (type.startsWith('text/') || TEXT_EXTENSIONS.has(ext)) return 'text';
  return 'none';
}

/** The REST URL of a run's artifact (each path segment encoded); `download` asks for a file. */
export function artifactUrl(runId: string, path: string, download = false): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `/api/v1/runs/${encodeURIComponent(runId)}/artifacts/${encoded}${download ? '?download' : ''}`;
}

/**
 * JSON pretty-printed for the preview; the text as it is when it is not JSON (or was cut at
 * {@link PREVIEW_MAX_BYTES} and so does not parse).
 */
export function prettyJson(text: string): { text: string; parsed: boolean } {
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), parsed: true };
  } catch {
    return { text, parsed: false };
  }
}

/**
 * Rows of a CSV text (RFC 4180: quoted fields, doubled quotes, newlines inside quotes), at most
 * `maxRows`. A last line cut short by the preview limit is dropped.
 */
export function parseCsv(text: string, maxRows: number, truncated = false): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  while (i < text.length && rows.length < maxRows) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
    } else field += c;
    i += 1;
  }
  const cutShort = i >= text.length && (field !== '' || row.length > 0);
  if (cutShort && !truncated && rows.length < maxRows) endRow();
  return rows;
}
