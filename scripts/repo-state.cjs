// The state of the repository as far as the kit's commands could change it, and the difference between two such
// states. Used by the test suite's guard (tests/helpers/repo-guard.js) and by `npm run bench`: both must leave a
// user's working tree and outputs (cdktf.out/, dist/k8s/<env>/ with filled client ids, plan-review.md) as they were.
//
// State = `git status --porcelain --ignored` (tracked changes, new files, new ignored files at the top of an ignored
// tree) plus a checksum of every file under what the kit writes (KIT_OUTPUTS), which git shows only as one collapsed
// "!! dist/" line. node_modules/ is left out on purpose: the code cache (scripts/code-cache.cjs) writes there by design.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

/** Everything `npm run synth`, `npm run review`, the pipeline scripts and the bootstrap write into the repository. */
const KIT_OUTPUTS = [
  /^cdktf\.out(\.[^/]*)?$/,
  /^dist$/,
  /^plan-review\.md$/,
  /^environment-differences\.md$/,
  /^plans$/,
  /^terraform\..*\.tfstate.*$/,
  /^\.gen$/,
];

function gitStatus(root) {
  try {
    const out = execFileSync('git', ['status', '--porcelain', '--ignored', '-z'], {
      cwd: root,
      encoding: 'utf8',
    });
    return out.split('\0').filter((line) => line && !/^!! node_modules\/?$/.test(line));
  } catch {
    return []; // not a git checkout (e.g. an unpacked tarball): the checksums below still hold
  }
}

function checksums(root) {
  const sums = {};
  const walk = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else {
      sums[relative(root, path)] = createHash('sha1').update(readFileSync(path)).digest('hex');
    }
  };
  for (const entry of existsSync(root) ? readdirSync(root) : []) {
    if (KIT_OUTPUTS.some((pattern) => pattern.test(entry))) walk(join(root, entry));
  }
  return sums;
}

/** The repository's state, as far as a test run could change it. */
function snapshotRepository(root) {
  return { status: gitStatus(root), files: checksums(root) };
}

/** The paths whose state differs between two snapshots, each with what happened to it. */
function compareSnapshots(before, after) {
  const changes = [];
  const statusBefore = new Set(before.status);
  for (const line of after.status) if (!statusBefore.has(line)) changes.push(`git status now shows: ${line}`);
  const statusAfter = new Set(after.status);
  for (const line of before.status)
    if (!statusAfter.has(line)) changes.push(`git status no longer shows: ${line}`);
  for (const [path, sum] of Object.entries(after.files)) {
    if (!(path in before.files)) changes.push(`${path}: appeared`);
    else if (before.files[path] !== sum) changes.push(`${path}: changed`);
  }
  for (const path of Object.keys(before.files)) if (!(path in after.files)) changes.push(`${path}: removed`);
  return changes;
}

module.exports = { KIT_OUTPUTS, snapshotRepository, compareSnapshots };
