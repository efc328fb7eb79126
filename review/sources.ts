import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ReviewInputError } from './errors';
import { loadSnapshot, manifestRoot, type Snapshot } from './snapshot';

/**
 * Where the two sides of a review come from: a `cdktf.out` folder, a git ref (synthesized in a temporary
 * `git worktree`, never touching the working tree), or the working tree itself (synthesized into a temporary
 * folder through `CDKTF_OUTDIR`).
 */

const run = promisify(execFile);

async function git(root: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', [...args], { cwd: root, encoding: 'utf8' });
  return stdout.trim();
}

/**
 * Gives a checkout the project's dependencies without copying them: a real `node_modules` folder whose entries
 * link to the project's. The TypeScript cache (`node_modules/.cache`) stays local to the checkout, so it goes
 * away with it.
 */
export function linkNodeModules(root: string, checkout: string): void {
  const source = join(root, 'node_modules');
  if (!existsSync(source)) throw new ReviewInputError(`${source} does not exist. Fix: run npm ci first`);
  const target = join(checkout, 'node_modules');
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry === '.cache') continue;
    const from = join(source, entry);
    symlinkSync(from, join(target, entry), statSync(from).isDirectory() ? 'dir' : 'file');
  }
}

/**
 * What `npm run synth` runs (`node <these>`), called without npm's own start-up (about a third of a second, up to
 * four times in a review). tests/review/sources.test.ts keeps it equal to package.json's script.
 */
export const SYNTH_NODE_ARGS: readonly string[] = ['-r', './scripts/register-ts.cjs', 'main.ts'];

/** The synth (`npm run synth`) of a folder, into `outdir`. */
export async function synthesize(
  cwd: string,
  outdir: string,
  envs: readonly string[],
  label: string,
  checkout = false,
): Promise<void> {
  // The manifests go next to cdktf.out/ (where loadSnapshot looks for them), not into the checkout's dist/.
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, K8S_OUTDIR: manifestRoot(outdir) };
  if (checkout) delete env.LAKEHOUSE_ENVIRONMENTS_DIR; // a checkout of a ref synthesizes its own environments
  const args = [...SYNTH_NODE_ARGS, ...envs.flatMap((e) => ['--env', e])];
  try {
    await run(process.execPath, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { code?: number; stderr?: string; stdout?: string };
    const output = `${e.stderr ?? ''}${e.stdout ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new ReviewInputError(`the synth of ${label} failed (exit ${e.code ?? '?'}):\n${output}`);
  }
}

/** Synthesizes a git ref in a temporary worktree and reads the result. */
export async function synthesizeRef(
  root: string,
  ref: string,
  envs: readonly string[] = [],
): Promise<Snapshot> {
  let sha: string;
  try {
    sha = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new ReviewInputError(
      `${ref} is neither a folder nor a git ref. Fix: pass a branch, tag, commit or cdktf.out folder`,
    );
  }
  const temp = mkdtempSync(join(tmpdir(), 'lakehouse-review-'));
  const tree = join(temp, 'tree');
  await git(root, ['worktree', 'add', '--detach', '--quiet', tree, sha]);
  try {
    linkNodeModules(root, tree);
    const outdir = join(tree, 'cdktf.out');
    await synthesize(tree, outdir, envs, `${ref} (${sha.slice(0, 7)})`, true);
    return loadSnapshot(outdir, `${ref} (${sha.slice(0, 7)})`);
  } finally {
    await git(root, ['worktree', 'remove', '--force', tree]).catch(() => undefined);
    rmSync(temp, { recursive: true, force: true });
    await git(root, ['worktree', 'prune']).catch(() => undefined);
  }
}

/** Synthesizes a folder as it is (the working tree) into a temporary output folder. */
export async function synthesizeFolder(
  folder: string,
  envs: readonly string[] = [],
  label = 'working tree',
): Promise<Snapshot> {
  const temp = mkdtempSync(join(tmpdir(), 'lakehouse-review-'));
  try {
    const outdir = join(temp, 'cdktf.out');
    await synthesize(folder, outdir, envs, label);
    return loadSnapshot(outdir, label);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** `--base`/`--head`: a synth output folder as it is, otherwise a git ref to synthesize. */
export async function snapshotOf(spec: string, root: string, envs: readonly string[]): Promise<Snapshot> {
  const folder = resolve(spec);
  if (existsSync(folder) && statSync(folder).isDirectory()) return loadSnapshot(folder, spec);
  return synthesizeRef(root, spec, envs);
}
