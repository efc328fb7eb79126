// Jest's runtime with a V8 code cache shared by the test files of a worker.
//
// Jest gives every test file its own module registry and compiles every module again for it
// (`vm.compileFunction`, no cached data): with cdktf and the provider classes that is ~800 modules and about half a
// second of CPU per test file that builds a stack. Compiled code does not depend on the context it runs in, so the
// first compile of a module in a worker produces V8's code cache and later files compile from it. Module state is
// not shared: every file still executes every module in its own context.
const vm = require('node:vm');

const compileFunction = vm.compileFunction;
/** filename → the source compiled and its code cache. */
const cache = new Map();

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
      const compiled = compileFunction(code, params, { ...options, produceCachedData: true });
      if (compiled.cachedData) cache.set(filename, { code, data: compiled.cachedData });
      return compiled;
    },
    { withCodeCache: true },
  );
}

// jest-runtime as jest itself resolves it (a dependency of jest, not of the project).
module.exports = require(require.resolve('jest-runtime', { paths: [require.resolve('jest')] }));
