// A V8 code cache for every CommonJS module the synth loads (cdktf and the provider classes are large, and
// compiling them is a good part of a synth's start-up).
//
// Each module's compiled code is kept in <node_modules>/.cache/register-ts/v8/<node version>/<hash of path and
// source>.bin and written once, when it is missing or V8 rejected it; an unchanged module is never written again.
// A dependency's code is cached beside the node_modules it was loaded from, so the temporary checkouts of the
// review tool (whose node_modules link to the project's) share the project's cache; the project's own files are
// cached in the checkout's node_modules, and go away with it. (The v8-compile-cache package rewrites its whole blob on every run on current Node versions,
// about 13 MB here, which cost more than it saved.) LAKEHOUSE_NO_CODE_CACHE=1 turns it off.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const CACHE = path.join('.cache', 'register-ts', 'v8', process.version);
const projectCacheDir = path.join(__dirname, '..', 'node_modules', CACHE);
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

function cacheDirOf(filename) {
  const dependency = filename.indexOf(NODE_MODULES);
  return dependency < 0
    ? projectCacheDir
    : path.join(filename.slice(0, dependency + NODE_MODULES.length), CACHE);
}
/** Scripts compiled without usable cached data: their code is cached at exit, once it has run. */
const toWrite = [];

function compileWithCache(content, filename) {
  const key = crypto.createHash('sha1').update(filename).update('\0').update(content).digest('hex');
  const cacheFile = path.join(cacheDirOf(filename), `${key}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // not cached yet
  }
  const script = new vm.Script(Module.wrap(content), { filename, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ script, cacheFile });
  return script.runInThisContext({ displayErrors: true });
}

/** The `require` a module body receives, as Node builds it. */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

if (!process.env.LAKEHOUSE_NO_CODE_CACHE) {
  const nodeCompile = Module.prototype._compile;
  Module.prototype._compile = function compile(content, filename) {
    if (content.startsWith('#!')) return nodeCompile.call(this, content, filename); // rare; keep Node's handling
    const body = compileWithCache(content, filename);
    return body.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    if (toWrite.length === 0) return;
    for (const { script, cacheFile } of toWrite) {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(cacheFile, script.createCachedData());
      } catch {
        // a read-only checkout still works, just without the cache
      }
    }
  });
}
