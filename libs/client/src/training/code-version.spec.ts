import {
  type GitRunner,
  codeVersionFromCi,
  detectCodeVersion,
  redactRepositoryUrl,
} from './code-version';
import { readCiEnv } from './env';

/** A git that answers from a table, as `git` would in a checkout. */
function fakeGit(answers: Record<string, string | null>): GitRunner & { calls: string[] } {
  const calls: string[] = [];
  const git = (args: readonly string[]) => {
    calls.push(args.join(' '));
    return Promise.resolve(answers[args.join(' ')] ?? null);
  };
  return Object.assign(git, { calls });
}

const checkout = {
  'rev-parse HEAD': 'a1b2c3',
  'rev-parse --abbrev-ref HEAD': 'main',
  'config --get remote.origin.url': 'https://x-access-token:ghp_secret@github.com/acme/ml.git',
  'status --porcelain': ' M train.ts',
};

describe('the code version of a run', () => {
  it('reads git: HEAD, branch, origin without its credentials, and uncommitted changes', async () => {
    expect(await detectCodeVersion(fakeGit(checkout), {})).toEqual({
      commit: 'a1b2c3',
      branch: 'main',
      repository: 'https://github.com/acme/ml.git',
      dirty: true,
    });
    expect(await detectCodeVersion(fakeGit({ ...checkout, 'status --porcelain': '' }), {})).toEqual(
      expect.objectContaining({ dirty: false }),
    );
  });

  it('leaves out what git cannot tell (no repository, detached HEAD)', async () => {
    expect(await detectCodeVersion(fakeGit({}), {})).toEqual({});
    const detached = fakeGit({ 'rev-parse HEAD': 'a1b2c3', 'rev-parse --abbrev-ref HEAD': 'HEAD' });
    expect(await detectCodeVersion(detached, {})).toEqual({ commit: 'a1b2c3' });
  });

  it('prefers the CI variables over git, and the caller’s overrides over both', async () => {
    const github = readCiEnv({
      GITHUB_SHA: 'ffff',
      GITHUB_REF_NAME: 'feature/x',
      GITHUB_SERVER_URL: 'https://github.com/',
      GITHUB_REPOSITORY: 'acme/ml',
      CI_COMMIT_SHA: '',
    });
    expect(await detectCodeVersion(fakeGit(checkout), github)).toEqual({
      commit: 'ffff',
      branch: 'feature/x',
      repository: 'https://github.com/acme/ml',
      dirty: true,
    });
    const gitlab = readCiEnv({
      CI_COMMIT_SHA: 'eeee',
      CI_COMMIT_REF_NAME: 'dev',
      CI_PROJECT_URL: 'https://gitlab.com/acme/ml',
    });
    expect(codeVersionFromCi(gitlab)).toEqual({
      commit: 'eeee',
      branch: 'dev',
      repository: 'https://gitlab.com/acme/ml',
    });
    expect(
      await detectCodeVersion(fakeGit(checkout), gitlab, { branch: 'release', dirty: undefined }),
    ).toEqual({
      commit: 'eeee',
      branch: 'release',
      repository: 'https://gitlab.com/acme/ml',
      dirty: true,
    });
  });

  it('does not ask git when the overrides give every field', async () => {
    const git = fakeGit(checkout);
    const code = { commit: 'c', repository: 'r', branch: 'b', dirty: false };
    expect(await detectCodeVersion(git, {}, code)).toEqual(code);
    expect(git.calls).toEqual([]);
  });

  it('drops credentials from http(s) remotes, keeps ssh remotes readable', () => {
    expect(redactRepositoryUrl('https://user:pw@gitlab.example.com/a/b.git')).toBe(
      'https://gitlab.example.com/a/b.git',
    );
    expect(redactRepositoryUrl('git@github.com:acme/ml.git')).toBe('git@github.com:acme/ml.git');
    expect(redactRepositoryUrl('ssh://git:pw@host/acme/ml.git')).toBe('ssh://git@host/acme/ml.git');
  });
});
