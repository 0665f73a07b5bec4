/** Shows a newly created admin's API key and one-time password: the one time they are shown. */
export function printAdminKey(
  admin: { email: string; key: string; password: string },
  out: (line: string) => void,
): void {
  out('');
  out(`First start: an admin was created (${admin.email}). Shown only this once:`);
  out(`  API key            ${admin.key}`);
  out(`  One-time password  ${admin.password}   (the console asks for a new one at sign-in)`);
  out('Keep them: only their hashes are stored.');
}
