// A temporary folder for the whole test run: TMPDIR points into it while jest runs (the workers and every process
// the tests spawn inherit it, and cdktf's Testing.app() writes there too), and it is removed at the end, so a test
// run leaves nothing behind in /tmp.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports.setup = async () => {
  process.env.LAKEHOUSE_TEST_TMP_PARENT = tmpdir();
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'lakehouse-tests-'));
};

module.exports.teardown = async () => {
  const dir = process.env.TMPDIR;
  process.env.TMPDIR = process.env.LAKEHOUSE_TEST_TMP_PARENT;
  if (dir?.includes('lakehouse-tests-')) rmSync(dir, { recursive: true, force: true });
};
