import type { RouterOutputs } from '@sextant/client';

/** A role inside one project, as the API names it: viewer < editor < admin. */
export type Role = RouterOutputs['platform']['projects']['get']['role'];

// The console may not import @sextant/api (only the client), so the list is repeated here; the
// type above keeps it in step with the API.
export const ROLES = ['viewer', 'editor', 'admin'] as const satisfies readonly Role[];
