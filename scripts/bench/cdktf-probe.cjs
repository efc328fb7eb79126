// Loaded into the benchmarked synth (NODE_OPTIONS=--require) with BENCH_CDKTF_FILE set: on exit, appends a JSON
// line with the process's CPU time (user + system, ms) and the part spent in cdktf's own passes over each stack's
// construct tree, TerraformStack#prepareStack (a resolve of every element to find cross-stack references) and
// TerraformStack#toTerraform (the resolve that produces the JSON). CPU time, not wall time: on a shared machine
// it varies far less, and it is what one more environment adds.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');

const file = process.env.BENCH_CDKTF_FILE;
if (file) {
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let inCdktf = 0;
  let depth = 0;
  const timed = (proto, name) => {
    const original = proto[name];
    proto[name] = function (...args) {
      const started = depth++ === 0 ? cpu() : 0;
      try {
        return original.apply(this, args);
      } finally {
        if (--depth === 0) inCdktf += cpu() - started;
      }
    };
  };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    const exports = load.call(this, request, ...rest);
    if (request === 'cdktf' && exports.TerraformStack && !exports.TerraformStack.prototype.__benchTimed) {
      const proto = exports.TerraformStack.prototype;
      timed(proto, 'prepareStack');
      timed(proto, 'toTerraform');
      proto.__benchTimed = true;
    }
    return exports;
  };
  process.on('exit', () => fs.appendFileSync(file, `${JSON.stringify({ cpu: cpu(), cdktf: inCdktf })}\n`));
}
