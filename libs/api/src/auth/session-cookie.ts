import { parse, serialize } from 'cookie';

/** The console session cookie: httpOnly, SameSite=Strict, the whole site. */
export const SESSION_COOKIE = 'sx_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parse(header)[SESSION_COOKIE] || undefined;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    expires: expiresAt,
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    expires: new Date(0),
  });
}
