import type { ClientEnv } from '../env';
import { CliError } from '../output';

/** The project of a tracking command when neither --project nor SEXTANT_PROJECT names one. */
export const DEFAULT_PROJECT = 'default';

/** --project, else SEXTANT_PROJECT, else `default`. */
export function resolveProject(
  flag: string | undefined,
  env: Pick<ClientEnv, 'SEXTANT_PROJECT'>,
): string {
  if (flag !== undefined) {
    const slug = flag.trim();
    if (!slug) throw new CliError('--project needs a project slug', 'USAGE', 2);
    return slug;
  }
  return env.SEXTANT_PROJECT ?? DEFAULT_PROJECT;
}
