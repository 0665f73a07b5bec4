import type { CliContext } from '../cli-context';
import { removeCredentials } from '../credentials';

/** `sextant logout`: forgets the stored key. The key itself stays valid until it is revoked. */
export async function logoutCommand(ctx: CliContext): Promise<void> {
  const removed = await removeCredentials(ctx.credentialsFile);
  if (ctx.env.SEXTANT_API_KEY) {
    ctx.out.note('note: SEXTANT_API_KEY is still set, and commands still use it.');
  }
  ctx.out.result(
    { removed, credentialsFile: ctx.credentialsFile },
    removed
      ? [
          `Signed out: removed ${ctx.credentialsFile}.`,
          'The key itself is still valid: revoke it in the console (Settings → API keys) if it leaked.',
        ]
      : [`Not signed in (no ${ctx.credentialsFile}).`],
  );
}
