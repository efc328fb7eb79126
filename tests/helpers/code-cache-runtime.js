// Jest's runtime with a V8 code cache shared by the test files of a worker.
//
// Jest gives every test file its own module registry and compiles every module again for it
// (`vm.compileFunction`, no cached data): with cdktf and the provider classes that is ~800 modules and about half a
// second of CPU per test file that builds a stack. Compiled code does not depend on the context it runs in, so the
// first compile of a module produces V8's code cache (kept in memory for the worker's later files and on disk, by
// content, in node_modules/.cache/jest-code-cache/) and later compiles start from it. Module state is not shared:
// every file still executes every module in its own context.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

const compileFunction = vm.compileFunction;
/** filename → the source compiled and its code cache, for the later files of this worker. */
const cache = new Map();
/** Also on disk, by content, so the first file of each worker and of the next run start warm too. */
const DIR = join(__dirname, '..', '..', 'node_modules', '.cache', 'jest-code-cache', process.version);

function fromDisk(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function toDisk(file, data) {
  try {
    mkdirSync(DIR, { recursive: true });
    const temp = `${file}.${process.pid}`;
    writeFileSync(temp, data);
    renameSync(temp, file); // atomic: another worker may write the same entry
  } catch {
    // a cache that cannot be written only costs time
  }
}

if (!compileFunction.withCodeCache) {
  vm.compileFunction = Object.assign(
    function compileWithCodeCache(code, params, options = {}) {
      const filename = options.filename;
      if (!filename || options.cachedData || options.produceCachedData)
        return compileFunction(code, params, options);
      const hit = cache.get(filename);
      if (hit && hit.code === code) {
        const compiled = compileFunction(code, params, { ...options, cachedData: hit.data });
        if (!compiled.cachedDataRejected) return compiled;
      }
      const file = join(
        DIR,
        `${createHash('sha1').update(filename).update('\0').update(code).digest('hex')}.bin`,
      );
      const stored = fromDisk(file);
      if (stored) {
        const compiled = compileFunction(code, params, { ...options, cachedData: stored });
        if (!compiled.cachedDataRejected) {
          cache.set(filename, { code, data: stored });
          return compiled;
        }
      }
      const compiled = compileFunction(code, params, { ...options, produceCachedData: true });
      if (compiled.cachedData) {
        cache.set(filename, { code, data: compiled.cachedData });
        toDisk(file, compiled.cachedData);
      }
      return compiled;
    },
    { withCodeCache: true },
  );
}

// jest-runtime as jest itself resolves it (a dependency of jest, not of the project).
module.exports = require(require.resolve('jest-runtime', { paths: [require.resolve('jest')] }));
