/**
 * Cross-site request forgery guard for cookie-authenticated mutations: the browser's `Origin`
 * must be the site the request was addressed to. (SameSite=Strict already keeps the cookie off
 * cross-site requests in current browsers; this is the second lock.) API-key calls carry no
 * ambient credential and need no Origin.
 */
export function originAllowed(origin: string | undefined, requestOrigin: string): boolean {
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).origin === new URL(requestOrigin).origin;
  } catch {
    return false;
  }
}
