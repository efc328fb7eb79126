// Prints one plain closing line, "jest: N passed, N failed[, N skipped]", after jest's own summary, so any CI
// can read the outcome of the run without parsing jest's output.
//
// A skipped or todo test fails the run: a check that cannot run where the suite runs (a missing file or tool, a
// forgotten `.only`) must say so, not pass as skipped. Only a run filtered by test name (`jest -t ...`), which
// skips the rest on purpose, may skip.
class SummaryReporter {
  constructor(globalConfig) {
    this.filteredByName = Boolean(globalConfig?.testNamePattern);
    this.error = undefined;
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`${line}\n`);
    this.error =
      skipped && !this.filteredByName
        ? new Error(
            `${skipped} test(s) skipped or todo: every test must run (make a missing file or tool a failure, remove .skip/.only/.todo)`,
          )
        : undefined;
    if (this.error) process.stdout.write(`jest: failed, ${this.error.message}\n`);
  }

  getLastError() {
    return this.error;
  }
}
module.exports = SummaryReporter;
