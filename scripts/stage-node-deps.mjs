#!/usr/bin/env node
// Copies installed npm packages and everything they depend on into <dest>/node_modules, with the layout they have
// in the repository's node_modules (hoisted or nested), so that plain `node` finds them from <dest> without
// `npm install`: the pipeline's Build stage puts the registration script's clients (@azure/schema-registry,
// @azure/identity) into the build artifact this way. The versions are the ones `npm ci` installed from the
// lockfile; nothing is fetched.
//
//   node scripts/stage-node-deps.mjs <dest> <package> [<package> ...]
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** Where Node finds `name` when it is required from a file in `fromDir` (the node_modules walk upwards). */
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT || dirname(dir) === dir) return undefined;
  }
}

/** The package folders `packages` need, themselves included, in the order found. */
export function dependencyClosure(packages) {
  const found = new Map();
  const queue = packages.map((name) => ({ name, from: ROOT, optional: false }));
  while (queue.length > 0) {
    const { name, from, optional } = queue.shift();
    const dir = locate(name, from);
    if (!dir) {
      if (optional) continue; // an optional dependency for another platform
      throw new Error(
        `stage-node-deps: ${name} (needed from ${relative(ROOT, from) || '.'}) is not installed. Fix: npm ci`,
      );
    }
    if (found.has(dir)) continue;
    found.set(dir, name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {}))
      queue.push({ name: dep, from: dir, optional: false });
    for (const dep of Object.keys(manifest.optionalDependencies ?? {}))
      queue.push({ name: dep, from: dir, optional: true });
  }
  return [...found.keys()];
}

/** Copies the closure into `<dest>/node_modules/...`; returns the copied folders, relative to the repository. */
export function stageNodeDeps(dest, packages) {
  const dirs = dependencyClosure(packages);
  // A nested package is copied with its parent folder: skip it when its parent is in the list.
  const copied = [];
  for (const dir of dirs) {
    if (dirs.some((other) => other !== dir && dir.startsWith(other + sep))) continue;
    const rel = relative(ROOT, dir);
    cpSync(dir, join(dest, rel), { recursive: true });
    copied.push(rel);
  }
  return copied;
}

if (process.argv[1] === import.meta.filename) {
  const [dest, ...packages] = process.argv.slice(2);
  if (!dest || packages.length === 0) {
    console.error('usage: node scripts/stage-node-deps.mjs <dest> <package> [<package> ...]');
    process.exit(2);
  }
  try {
    const copied = stageNodeDeps(resolve(dest), packages);
    console.log(
      `staged ${copied.length} package folder(s) for ${packages.join(', ')} into ${join(dest, 'node_modules')}`,
    );
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
