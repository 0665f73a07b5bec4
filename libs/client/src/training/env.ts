/**
 * The CI variables a training script's code version is read from, when a CI system set them:
 * GitHub Actions (GITHUB_*) and GitLab CI (CI_*). Empty values count as unset. This is the only
 * file of @sextant/client/training that reads the environment.
 */
export interface CiEnv {
  readonly GITHUB_SHA?: string;
  readonly GITHUB_REF_NAME?: string;
  readonly GITHUB_SERVER_URL?: string;
  readonly GITHUB_REPOSITORY?: string;
  readonly CI_COMMIT_SHA?: string;
  readonly CI_COMMIT_REF_NAME?: string;
  readonly CI_PROJECT_URL?: string;
}

const CI_KEYS = [
  'GITHUB_SHA',
  'GITHUB_REF_NAME',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'CI_COMMIT_SHA',
  'CI_COMMIT_REF_NAME',
  'CI_PROJECT_URL',
] as const satisfies readonly (keyof CiEnv)[];

/** The CI variables of `source` (default: this process's environment), trimmed, frozen. */
export function readCiEnv(
  source: Readonly<Record<string, string | undefined>> = process.env,
): Readonly<CiEnv> {
  const env: Record<string, string> = {};
  for (const key of CI_KEYS) {
    const value = source[key]?.trim();
    if (value) env[key] = value;
  }
  return Object.freeze(env) as CiEnv;
}
