// Lets `node -r ./scripts/register-ts.cjs main.ts` run the TypeScript sources directly.
//
// Why not ts-node: it type-checks at start-up (seconds) and does not work with TypeScript 7.
// Type-checking is `npm run typecheck`; here swc only strips types (about 1 ms a file), and the
// result is cached on disk by content hash so a second synth does not even do that.
'use strict';
// V8 code cache for every module (cdktf and the provider classes are large): about a third off a warm synth.
require('./code-cache.cjs');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const cacheDir = path.join(__dirname, '..', 'node_modules', '.cache', 'register-ts');
let swc; // loaded on the first cache miss only: a warm run never pays for the native binding

function compile(source, filename) {
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // cache miss: fall through
  }
  swc ??= require('@swc/core');
  const { code } = swc.transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(cached, code);
  } catch {
    // a read-only checkout still works, just without the cache
  }
  return code;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
