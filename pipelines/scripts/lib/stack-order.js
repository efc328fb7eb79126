#!/usr/bin/env node
// Prints the stacks of one environment in dependency order, read from cdktf's manifest.json.
//
//   node pipelines/scripts/lib/stack-order.mjs cdktf.out/manifest.json dev
//
// One line per stack: `<name>\t<workingDirectory>\t<dependency,dependency>` (dependencies by stack
// name, empty when none). cdktf records each stack's dependencies (from cross-stack references) as
// construct paths; the order is never hard-coded, so a new layer or a new reference needs no change here.
// Ties are broken by name so the order is stable from run to run. Plain Node, no dependencies: it runs
// on an agent that only downloaded the build artifact.
import { readFileSync } from 'node:fs';

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

const [manifestPath, env] = process.argv.slice(2);
if (!manifestPath || !env) {
  fail('usage: stack-order.mjs <cdktf.out/manifest.json> <environment>');
}

let manifest;
try {
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
} catch (error) {
  fail(`cannot read ${manifestPath}: ${error.message}. Run \`npm run synth\` first.`);
}
const all = Object.values(manifest.stacks ?? {});
const byPath = new Map(all.map((stack) => [stack.constructPath ?? stack.name, stack]));
const prefix = `${env}-`;
const stacks = all.filter((stack) => stack.name.startsWith(prefix));
if (stacks.length === 0) {
  const envs = [...new Set(all.map((stack) => stack.name.split('-')[0]))].sort();
  fail(
    `${manifestPath} has no stack for environment '${env}' (stacks are named <env>-<layer>); found: ${envs.join(', ') || 'none'}.`,
  );
}

const deps = new Map();
for (const stack of stacks) {
  const names = (stack.dependencies ?? []).map((path) => {
    const dep = byPath.get(path);
    if (!dep) fail(`stack ${stack.name} depends on '${path}', which is not in ${manifestPath}.`);
    if (!dep.name.startsWith(prefix)) {
      fail(
        `stack ${stack.name} depends on ${dep.name}, outside environment '${env}'; environments must not share stacks.`,
      );
    }
    return dep.name;
  });
  deps.set(stack.name, [...new Set(names)].sort());
}

// Kahn's algorithm; picking the smallest ready name each round keeps the output deterministic.
const order = [];
const done = new Set();
const pending = new Set(deps.keys());
while (pending.size > 0) {
  const ready = [...pending].filter((name) => deps.get(name).every((dep) => done.has(dep))).sort();
  if (ready.length === 0) {
    fail(`stacks ${[...pending].sort().join(', ')} depend on each other in a cycle.`);
  }
  const next = ready[0];
  order.push(next);
  done.add(next);
  pending.delete(next);
}

const byName = new Map(stacks.map((stack) => [stack.name, stack]));
for (const name of order) {
  const dir = byName.get(name).workingDirectory ?? `stacks/${name}`;
  process.stdout.write(`${name}\t${dir}\t${deps.get(name).join(',')}\n`);
}
