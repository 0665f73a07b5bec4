import { type CliContext, connect } from '../cli-context';
import { callApi } from '../connection';
import { CliError } from '../output';
import { describeCaller } from './describe-caller';

/** `sextant whoami`: who the resolved key signs in as (`platform.whoami`). */
export async function whoamiCommand(ctx: CliContext): Promise<void> {
  const connection = await connect(ctx);
  if (!connection.apiKey) {
    throw new CliError(
      `not signed in to ${connection.url}: run \`sextant login\`, or set SEXTANT_API_KEY`,
      'UNAUTHORIZED',
    );
  }
  const caller = await callApi(connection, (client) => client.platform.whoami.query());
  ctx.out.result(caller, [...describeCaller(caller), `  url       ${connection.url}`]);
}
