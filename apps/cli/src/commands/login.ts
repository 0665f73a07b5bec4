import type { CliContext } from '../cli-context';
import { callApi, resolveConnection } from '../connection';
import { readCredentials, writeCredentials } from '../credentials';
import { CliError } from '../output';
import { readSecret } from '../prompt';
import { describeCaller } from './describe-caller';

/**
 * `sextant login [--url U] [--api-key K]`: checks the key with `platform.whoami` and only then
 * stores `{ url, apiKey }` (mode 0600) for later commands. Without --api-key the key is read from
 * stdin: the first line of a pipe, or typed at a prompt without echo.
 */
export async function loginCommand(ctx: CliContext): Promise<void> {
  // A broken file is what login replaces: it must not stop it.
  const stored = await readCredentials(ctx.credentialsFile).catch(() => null);
  const { url } = resolveConnection(
    { url: ctx.flags.url },
    { SEXTANT_URL: ctx.env.SEXTANT_URL },
    stored,
  );
  const apiKey = ctx.flags.apiKey?.trim() || (await readSecret(`API key for ${url}: `));
  if (!apiKey) throw new CliError('no API key given (on stdin or with --api-key)', 'NO_API_KEY');

  const caller = await callApi({ url, apiKey }, (client) => client.platform.whoami.query());
  await writeCredentials(ctx.credentialsFile, { url, apiKey });

  if (ctx.env.SEXTANT_API_KEY) {
    ctx.out.note('note: SEXTANT_API_KEY is set; it wins over the stored key until you unset it.');
  }
  const [who = '', ...details] = describeCaller(caller);
  ctx.out.result({ url, credentialsFile: ctx.credentialsFile, caller }, [
    `Signed in to ${url} as ${who}.`,
    ...details,
    `Key stored in ${ctx.credentialsFile} (readable by you only).`,
  ]);
}
