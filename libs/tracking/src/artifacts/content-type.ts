/**
 * The Content-Type an artifact is served with, from its name. Only types a browser cannot run
 * are served as themselves (text, JSON, CSV and raster images); anything else — HTML, SVG,
 * scripts — goes out as application/octet-stream, so an uploaded file never runs on the
 * console's origin.
 */
const SAFE: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  md: 'text/plain; charset=utf-8',
  yaml: 'text/plain; charset=utf-8',
  yml: 'text/plain; charset=utf-8',
  py: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  onnx: 'application/octet-stream',
};

export function contentTypeFor(path: string): string {
  const ext = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
  return SAFE[ext] ?? 'application/octet-stream';
}
