/**
 * The human lines for `platform.whoami`'s answer: the email first, then every other field it has
 * (role, projects, …), so that a field the API adds shows up without a change here.
 */
export function describeCaller(caller: object): string[] {
  const fields = caller as Record<string, unknown>;
  const lines = [typeof fields['email'] === 'string' ? fields['email'] : '(no email)'];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'email' || value === undefined || value === null) continue;
    lines.push(`  ${key.padEnd(9)} ${describeValue(value)}`);
  }
  return lines;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.map(describeItem).join(', ') : '(none)';
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k}=${describeScalar(v)}`)
      .join(' ');
  }
  return describeScalar(value);
}

/** A list item: a project reads `slug (role)`; anything else its name or id. */
function describeItem(item: unknown): string {
  if (item === null || typeof item !== 'object') return describeScalar(item);
  const o = item as Record<string, unknown>;
  const name = o['slug'] ?? o['name'] ?? o['id'];
  const label = typeof name === 'string' ? name : JSON.stringify(item);
  return typeof o['role'] === 'string' ? `${label} (${o['role']})` : label;
}

function describeScalar(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
