// Tests run through @swc/jest: no type-checking at test time (that is `npm run typecheck`, tsc 7),
// which keeps the whole suite well under the 30 s budget.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Synth-heavy suites share one worker pool; the machine has 2 cores.
  maxWorkers: 2,
  // Modules compile once per worker, not once per test file (V8 code cache; see the file).
  runtime: '<rootDir>/tests/helpers/code-cache-runtime.js',
  setupFiles: ['<rootDir>/tests/helpers/setup.ts', '<rootDir>/tests/helpers/repository-only.js'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.js',
  reporters: ['default', '<rootDir>/tests/helpers/summary-reporter.js'],
};
