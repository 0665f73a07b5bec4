export const ROLES = ['viewer', 'editor', 'admin'] as const;
/** A role inside one project: viewer < editor < admin. */
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

export function roleAllows(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}

/** The lower of two roles: a key never grants more than its user holds, nor its own cap. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

/**
 * Who may call a procedure or a REST route:
 * - `public`: anyone, signed in or not;
 * - `user`: any signed-in caller (an API key or a console session);
 * - `platform-admin`: a platform admin (who manages users and projects), through a session or an
 *   unscoped admin key;
 * - `{ project: role }`: a member of the project the request names holding at least `role`.
 */
export type AuthRule = 'public' | 'user' | 'platform-admin' | { readonly project: Role };

export function describeRule(rule: AuthRule): string {
  return typeof rule === 'string' ? rule : `project ${rule.project}`;
}
