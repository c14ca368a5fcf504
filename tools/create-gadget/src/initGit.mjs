// A new standalone gadget gets its own git repository with a first commit:
// changesets (changeset status, changeset version) compares against the base
// branch, and without a repository and a commit on it, `changeset status` fails.
import { spawnSync } from 'node:child_process';

const git = (cwd, args, env = process.env) => spawnSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Runs `git init -b main`, `git add -A` and a first commit in `dir`, unless
 * git is missing or `dir` is already inside a work tree (a monorepo of the
 * user's). Commits as the user when git knows who they are, else as the
 * generator. Returns one line saying what it did.
 */
export function initGit(dir) {
  const inside = git(dir, ['rev-parse', '--is-inside-work-tree']);
  if (inside.error) return 'git is not installed: run git init and commit before using changeset status';
  if (inside.status === 0 && inside.stdout.trim() === 'true') return 'inside an existing git repository: commit the new package there';
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A']]) {
    const r = git(dir, args);
    if (r.status !== 0) return `git ${args[0]} failed (${r.stderr.trim().split('\n')[0]}); changeset status needs a repository with a commit`;
  }
  const message = ['commit', '-q', '--no-verify', '-m', 'New gadget from @gadgetry/create-gadget'];
  let r = git(dir, message);
  if (r.status !== 0) {
    // no user.name/user.email configured: the first commit is the generator's
    const env = { ...process.env, GIT_AUTHOR_NAME: 'create-gadgetry-gadget', GIT_AUTHOR_EMAIL: 'create-gadgetry-gadget@localhost' };
    r = git(dir, message, { ...env, GIT_COMMITTER_NAME: env.GIT_AUTHOR_NAME, GIT_COMMITTER_EMAIL: env.GIT_AUTHOR_EMAIL });
  }
  return r.status === 0 ? 'initialized a git repository (branch main) with a first commit' : `git commit failed (${r.stderr.trim().split('\n')[0]})`;
}
