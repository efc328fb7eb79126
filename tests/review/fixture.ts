import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkNodeModules } from '../../review/sources';

export const ROOT = join(__dirname, '..', '..');

const created: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every copy this module made (call it in afterAll). */
export function removeCopies(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A throwaway copy of the project for review scenarios: the tracked files as committed (`git archive HEAD`),
 * its own git repository with one commit, and `node_modules` linked from the project.
 */
export function projectCopy(): string {
  const dir = tempDir('lakehouse-review-fixture-');
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD'], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  linkNodeModules(ROOT, dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git(
    '-c',
    'user.name=review-test',
    '-c',
    'user.email=review-test@example.com',
    'commit',
    '-q',
    '-m',
    'base',
  );
  return dir;
}

/** Another working tree of a copy (without its .git), to change and synthesize on its own. */
export function workingTreeOf(copy: string): string {
  const dir = tempDir('lakehouse-review-change-');
  cpSync(copy, dir, {
    recursive: true,
    filter: (source) => !/[/\\](\.git|node_modules)([/\\]|$)/.test(source.slice(copy.length)),
  });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  linkNodeModules(ROOT, dir);
  return dir;
}

/** Replaces one exact piece of a file; fails loudly when the anchor text is gone (the scenario needs updating). */
export function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`scenario anchor not found in ${file}: ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}
