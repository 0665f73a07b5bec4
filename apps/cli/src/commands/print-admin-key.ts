/** Shows a newly created admin's key: the one time it is ever shown. */
export function printAdminKey(
  admin: { email: string; key: string },
  out: (line: string) => void,
): void {
  out('');
  out(`First start: an admin was created (${admin.email}). Its API key, shown only this once:`);
  out(`  ${admin.key}`);
  out('Keep it: only its hash is stored.');
}
