/**
 * The console server's environment, read here and nowhere else. SEXTANT_API_URL is where /trpc/*
 * is proxied to (`sextant up` sets it); it is read at run time, not baked into the build.
 */
export function apiUrl(): string {
  const raw = process.env['SEXTANT_API_URL'] || 'http://127.0.0.1:4000';
  try {
    return new URL(raw).toString().replace(/\/+$/, '');
  } catch {
    throw new Error(`SEXTANT_API_URL is not a URL: ${raw}`);
  }
}
