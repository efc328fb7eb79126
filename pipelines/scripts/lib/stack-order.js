#!/usr/bin/env node
// Prints the stacks of one environment in dependency order, read from cdktf's manifest.json.
//
//   node pipelines/scripts/lib/stack-order.js cdktf.out/manifest.json dev
//
// One line per stack: `<name>\t<workingDirectory>\t<dependency,dependency>` (dependencies by stack
// name, empty when none). cdktf records each stack's dependencies (from cross-stack references) as
// construct paths; the order is never hard-coded, so a new layer or a new reference needs no change here.
// Ties are broken by name so the order is stable from run to run. Plain Node, no dependencies (it runs on
// agents that only downloaded the build artifact); CommonJS so the tests can call stackOrder() directly.

const { readFileSync } = require('node:fs');

/**
 * The stacks named `<env>-*` of a parsed manifest.json, dependencies first.
 * @returns {{ name: string, dir: string, deps: string[] }[]}
 */
function stackOrder(manifest, env) {
  const all = Object.values(manifest.stacks ?? {});
  const byPath = new Map(all.map((stack) => [stack.constructPath ?? stack.name, stack]));
  const prefix = `${env}-`;
  const stacks = all.filter((stack) => stack.name.startsWith(prefix));
  if (stacks.length === 0) {
    const envs = [...new Set(all.map((stack) => stack.name.split('-')[0]))].sort();
    throw new Error(
      `no stack for environment '${env}' (stacks are named <env>-<layer>); found: ${envs.join(', ') || 'none'}.`,
    );
  }

  const deps = new Map();
  for (const stack of stacks) {
    const names = (stack.dependencies ?? []).map((path) => {
      const dep = byPath.get(path);
      if (!dep) throw new Error(`stack ${stack.name} depends on '${path}', which is not in the manifest.`);
      if (!dep.name.startsWith(prefix)) {
        throw new Error(
          `stack ${stack.name} depends on ${dep.name}, outside environment '${env}'; environments must not share stacks.`,
        );
      }
      return dep.name;
    });
    deps.set(stack.name, [...new Set(names)].sort());
  }

  // Kahn's algorithm; taking the smallest ready name each round keeps the output deterministic.
  const order = [];
  const done = new Set();
  const pending = new Set(deps.keys());
  while (pending.size > 0) {
    const ready = [...pending].filter((name) => deps.get(name).every((dep) => done.has(dep))).sort();
    if (ready.length === 0) {
      throw new Error(`stacks ${[...pending].sort().join(', ')} depend on each other in a cycle.`);
    }
    order.push(ready[0]);
    done.add(ready[0]);
    pending.delete(ready[0]);
  }
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  return order.map((name) => ({
    name,
    dir: byName.get(name).workingDirectory ?? `stacks/${name}`,
    deps: deps.get(name),
  }));
}

module.exports = { stackOrder };

if (require.main === module) {
  const [manifestPath, env] = process.argv.slice(2);
  const fail = (message) => {
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  };
  if (!manifestPath || !env) fail('usage: stack-order.js <cdktf.out/manifest.json> <environment>');
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    fail(`cannot read ${manifestPath}: ${error.message}. Run \`npm run synth\` first.`);
  }
  try {
    for (const stack of stackOrder(manifest, env)) {
      process.stdout.write(`${stack.name}\t${stack.dir}\t${stack.deps.join(',')}\n`);
    }
  } catch (error) {
    fail(`${manifestPath}: ${error.message}`);
  }
}
