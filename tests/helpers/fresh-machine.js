// The test run sees what a fresh machine with Node 20 has after `npm ci`, and nothing else:
//   - PATH is node_modules/.bin plus a folder of links to node, npm, npx and the base tools of any system that
//     runs Node and bash (BASE_TOOLS). A test, script or fake that needs anything more (shellcheck, jq, python,
//     terraform...) fails with "command not found" here too, not only on a fresh machine.
//   - The run fails when any test is skipped or left as todo (summary-reporter.js), so a test that cannot find
//     what it needs must fail, never skip.
//   - Nothing next to the repository exists for the tests (repository-only.js, a setup file).
// tests/fresh-machine.test.ts checks that all three are in force.
const { existsSync, mkdirSync, realpathSync, symlinkSync } = require('node:fs');
const { delimiter, dirname, join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..', '..');

/**
 * What a machine that clones the repository and runs Node 20 already has: bash and the POSIX tools the pipeline
 * scripts and their fakes use, tar and git (the review tool's tests take a `git archive` of the checkout).
 * Missing ones are left out, so a test that needs them fails as it would on that machine.
 */
const BASE_TOOLS = [
  ...['bash', 'sh', 'env', 'cat', 'cp', 'mv', 'rm', 'ln', 'mkdir', 'mktemp', 'chmod', 'ls', 'touch'],
  ...['dirname', 'basename', 'readlink', 'realpath', 'pwd', 'printf', 'echo', 'test', 'true', 'false'],
  ...['head', 'tail', 'sort', 'uniq', 'wc', 'tr', 'cut', 'grep', 'sed', 'awk', 'tee', 'date', 'sleep'],
  ...['install', 'uname', 'id', 'sha256sum', 'shasum', 'tar', 'gzip', 'xz', 'find', 'xargs', 'git'],
];

/** Where a command is on the given PATH, or undefined. */
function which(command, path) {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Creates `<dir>/bin` with the links and returns the PATH the tests get. */
function freshMachinePath(dir, hostPath = process.env.PATH ?? '') {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const links = {
    node: process.execPath,
    // npm and npx as installed with this node (the same folder), else wherever the host has them.
    npm: which('npm', `${dirname(process.execPath)}${delimiter}${hostPath}`),
    npx: which('npx', `${dirname(process.execPath)}${delimiter}${hostPath}`),
    ...Object.fromEntries(BASE_TOOLS.map((tool) => [tool, which(tool, hostPath)])),
  };
  for (const [name, target] of Object.entries(links)) {
    if (target) symlinkSync(realpathSync(target), join(bin, name));
  }
  return [join(ROOT, 'node_modules', '.bin'), bin].join(delimiter);
}

module.exports = { BASE_TOOLS, freshMachinePath };
