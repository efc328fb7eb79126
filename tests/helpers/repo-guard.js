// The suite must leave the repository exactly as it found it: a user who synthesized (and filled client ids into
// dist/k8s/<env>/) before running `npm test` must find the same files afterwards. Global setup records the
// repository's state (scripts/repo-state.cjs), global teardown compares and fails the run naming every path that
// changed or appeared.
const { compareSnapshots, snapshotRepository } = require('../../scripts/repo-state.cjs');

const KEY = '__lakehouseRepositoryBefore';

module.exports = {
  setup: async (globalConfig) => {
    globalThis[KEY] = snapshotRepository(globalConfig.rootDir);
  },
  teardown: async (globalConfig) => {
    const before = globalThis[KEY];
    if (!before) return;
    const changes = compareSnapshots(before, snapshotRepository(globalConfig.rootDir));
    if (changes.length === 0) return;
    const message = [
      `The test run changed the repository (${globalConfig.rootDir}); tests must write only into their temporary folder`,
      '(tests/helpers/outputs.ts gives entry-point, review and pipeline-script runs their output folders):',
      ...changes.map((change) => `  ${change}`),
    ].join('\n');
    process.stderr.write(`\n${message}\n`);
    throw new Error(message);
  },
};
