// A temporary folder for the whole test run: TMPDIR points into it while jest runs (the workers and every process
// the tests spawn inherit it, and cdktf's Testing.app() writes there too), and it is removed at the end, so a test
// run leaves nothing behind in /tmp. PATH is narrowed to what a fresh machine has after `npm ci`
// (fresh-machine.js), with its links in the same folder.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { freshMachinePath } = require('./fresh-machine');

module.exports.setup = async () => {
  process.env.LAKEHOUSE_TEST_TMP_PARENT = tmpdir();
  process.env.LAKEHOUSE_TEST_HOST_PATH = process.env.PATH;
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'lakehouse-tests-'));
  process.env.PATH = freshMachinePath(process.env.TMPDIR, process.env.PATH);
};

module.exports.teardown = async () => {
  const dir = process.env.TMPDIR;
  process.env.TMPDIR = process.env.LAKEHOUSE_TEST_TMP_PARENT;
  process.env.PATH = process.env.LAKEHOUSE_TEST_HOST_PATH;
  if (dir?.includes('lakehouse-tests-')) rmSync(dir, { recursive: true, force: true });
};
