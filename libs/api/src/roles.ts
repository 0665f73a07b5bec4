export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who may call a procedure: anyone (`public`), or a caller holding at least this role. */
export type AuthRule = 'public' | Role;

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

export function roleAllows(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}
