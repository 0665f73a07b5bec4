import { type Connection, type ConnectionFlags, resolveConnection } from './connection';
import { readCredentials } from './credentials';
import type { ClientEnv } from './env';
import type { Output } from './output';

/** What a command that talks to the API is given: how to print, the env, flags and key file. */
export interface CliContext {
  readonly out: Output;
  readonly env: Readonly<ClientEnv>;
  readonly flags: ConnectionFlags;
  readonly credentialsFile: string;
}

/** The connection the command's flags, the environment and `sextant login` together select. */
export async function connect(ctx: CliContext): Promise<Connection> {
  const urlGiven = Boolean(ctx.flags.url ?? ctx.env.SEXTANT_URL);
  const keyGiven = Boolean(ctx.flags.apiKey ?? ctx.env.SEXTANT_API_KEY);
  // Given both, the stored file is not needed (and a broken one does not get in the way).
  const stored = urlGiven && keyGiven ? null : await readCredentials(ctx.credentialsFile);
  return resolveConnection(ctx.flags, ctx.env, stored);
}
