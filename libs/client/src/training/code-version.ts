import { execFile } from 'node:child_process';
import type { CiEnv } from './env';

/** Where a run's code came from, as `tracking.runs.create` takes it. */
export interface CodeVersion {
  commit?: string | null;
  repository?: string | null;
  branch?: string | null;
  dirty?: boolean | null;
}

/** Runs `git <args>` and resolves its trimmed stdout, or null when git fails or is missing. */
export type GitRunner = (args: readonly string[]) => Promise<string | null>;

/** `git` in `cwd` through execFile (no shell), 5 s at most; any failure is null. */
export function execGit(cwd: string): GitRunner {
  return (args) =>
    new Promise((resolve) => {
      execFile('git', [...args], { cwd, timeout: 5_000, windowsHide: true }, (error, stdout) => {
        resolve(error ? null : stdout.toString().trim());
      });
    });
}

/**
 * A repository URL fit to store: the user and password of an http(s) URL are dropped, since
 * `remote.origin.url` often carries a token (`https://x-access-token:…@github.com/o/r`).
 */
export function redactRepositoryUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url; // scp-like `git@host:o/r.git`
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      parsed.username = '';
      parsed.password = '';
    } else {
      parsed.password = '';
    }
    return parsed.href;
  } catch {
    return url;
  }
}

/** The code version a CI system describes (GitHub Actions first, then GitLab CI). */
export function codeVersionFromCi(ci: CiEnv): CodeVersion {
  const code: CodeVersion = {};
  if (ci.GITHUB_SHA) code.commit = ci.GITHUB_SHA;
  else if (ci.CI_COMMIT_SHA) code.commit = ci.CI_COMMIT_SHA;
  if (ci.GITHUB_REF_NAME) code.branch = ci.GITHUB_REF_NAME;
  else if (ci.CI_COMMIT_REF_NAME) code.branch = ci.CI_COMMIT_REF_NAME;
  if (ci.GITHUB_SERVER_URL && ci.GITHUB_REPOSITORY) {
    code.repository = `${ci.GITHUB_SERVER_URL.replace(/\/+$/, '')}/${ci.GITHUB_REPOSITORY}`;
  } else if (ci.CI_PROJECT_URL) {
    code.repository = ci.CI_PROJECT_URL;
  }
  return code;
}

/** What git says of the working copy: HEAD, its branch, origin's URL and uncommitted changes. */
export async function codeVersionFromGit(git: GitRunner): Promise<CodeVersion> {
  const [commit, branch, remote, status] = await Promise.all([
    git(['rev-parse', 'HEAD']),
    git(['rev-parse', '--abbrev-ref', 'HEAD']),
    git(['config', '--get', 'remote.origin.url']),
    git(['status', '--porcelain']),
  ]);
  const code: CodeVersion = {};
  if (commit) code.commit = commit;
  // A detached HEAD (as CI checks out) has no branch name.
  if (branch && branch !== 'HEAD') code.branch = branch;
  if (remote) code.repository = redactRepositoryUrl(remote);
  if (status !== null) code.dirty = status.length > 0;
  return code;
}

/**
 * The run's code version: the caller's `overrides`, else the CI variables, else git (in the
 * folder `git` runs in). Fields nobody knows are left out. Git is not asked when the overrides
 * give every field.
 */
export async function detectCodeVersion(
  git: GitRunner,
  ci: CiEnv,
  overrides: CodeVersion = {},
): Promise<CodeVersion> {
  const complete = (['commit', 'repository', 'branch', 'dirty'] as const).every(
    (k) => overrides[k] !== undefined,
  );
  const fromGit = complete ? {} : await codeVersionFromGit(git);
  return { ...fromGit, ...codeVersionFromCi(ci), ...withoutUndefined(overrides) };
}

function withoutUndefined(code: CodeVersion): CodeVersion {
  return Object.fromEntries(Object.entries(code).filter(([, v]) => v !== undefined)) as CodeVersion;
}
