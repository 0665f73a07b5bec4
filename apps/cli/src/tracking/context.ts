import type { SextantClient } from '@sextant/client';
import type { TrackingConnection } from '@sextant/client/training';
import { type CliContext, connect } from '../cli-context';
import { resolveProject } from '../commands/project';
import { callApi } from '../connection';
import { CliError } from '../output';
import { type CommandArgs, stringValue } from './args';

/** What a tracking command works with: the connection, its project, and its own arguments. */
export interface TrackingSession {
  readonly ctx: CliContext;
  readonly args: CommandArgs;
  readonly project: string;
  readonly connection: TrackingConnection;
  /** Calls the API, naming the URL when the server cannot be reached. */
  call<T>(fn: (client: SextantClient) => Promise<T>): Promise<T>;
}

/** The session of a tracking command; they all need a key. */
export async function openSession(ctx: CliContext, args: CommandArgs): Promise<TrackingSession> {
  const project = resolveProject(stringValue(args, 'project'), ctx.env);
  const connection = await connect(ctx);
  if (!connection.apiKey) {
    throw new CliError(
      `not signed in to ${connection.url}: run \`sextant login\`, or set SEXTANT_API_KEY`,
      'UNAUTHORIZED',
    );
  }
  const target = { url: connection.url, apiKey: connection.apiKey };
  return {
    ctx,
    args,
    project,
    connection: target,
    call: (fn) => callApi(target, fn),
  };
}
