#!/usr/bin/env node
// `npm run check:cdktn`: proves that the move from cdktf to CDK Terrain (cdktn) is a rename.
//
// In a temporary copy of the repository it swaps the packages (cdktf → cdktn, cdktf-cli → cdktn-cli, every
// @cdktf/provider-* → @cdktn/provider-*: azurerm and databricks) and every import of them, installs (the only step that needs
// the network: the npm registry), type-checks, synthesizes every environment, and compares each synthesized file
// with the same synth of this checkout. It prints every difference, sorted into the expected ones (versions the
// packages write) and everything else, and exits 1 when the copy does not install, type-check or synthesize, or
// when its synth differs in anything but those versions.
// Not part of `npm test` (network, about a minute). CDKTN_VERSION, CDKTN_PROVIDER_VERSION (azurerm) and
// CDKTN_DATABRICKS_VERSION pick other versions.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CDKTN = process.env.CDKTN_VERSION ?? '0.24.0';
const PROVIDER = process.env.CDKTN_PROVIDER_VERSION ?? '16.1.0';
/** The prebuilt providers the kit uses, by name, with the cdktn release to move to. */
const PROVIDERS = {
  azurerm: PROVIDER,
  databricks: process.env.CDKTN_DATABRICKS_VERSION ?? '18.7.0',
};
/** Folders that are outputs or installs, not sources. */
const SKIP = new Set(['node_modules', '.git', 'cdktf.out', 'dist', 'coverage']);
const keep = process.argv.includes('--keep');

function run(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** A step that failed: reported at the end, after the temporary copy is removed. */
class StepFailed extends Error {}

function must(step, result) {
  if (!result.ok) throw new StepFailed(`check:cdktn: ${step} failed:\n${result.out}`);
  return result;
}

/** Source files whose text names the packages (imports, biome's rule, cdktf.json's CLI config). */
function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|cts|js|mjs|cjs|json)$/.test(entry.name) && entry.name !== 'package-lock.json')
      yield path;
  }
}

/** The rename: package names in imports and requires (`'cdktf'`, `'cdktf/lib/…'`, `'@cdktf/provider-<p>/lib/…'`). */
function renameImports(text) {
  return text
    .replace(/(['"])@cdktf\/provider-([a-z0-9-]+)(?=['"/])/g, '$1@cdktn/provider-$2')
    .replace(/(['"])cdktf(?=['"/])/g, '$1cdktn');
}

function swapPackages(copy) {
  const file = join(copy, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const swaps = [
    ['dependencies', 'cdktf', 'cdktn', CDKTN],
    ...Object.entries(PROVIDERS).map(([name, version]) => [
      'dependencies',
      `@cdktf/provider-${name}`,
      `@cdktn/provider-${name}`,
      version,
    ]),
    ['devDependencies', 'cdktf-cli', 'cdktn-cli', CDKTN],
  ];
  const unknown = Object.keys(pkg.dependencies).filter(
    (name) => name.startsWith('@cdktf/provider-') && !(name.slice('@cdktf/provider-'.length) in PROVIDERS),
  );
  if (unknown.length > 0)
    throw new Error(`package.json: ${unknown.join(', ')} has no cdktn version here; add it to PROVIDERS`);
  for (const [section, from, to, version] of swaps) {
    if (!pkg[section]?.[from])
      throw new Error(`package.json: ${section}.${from} not found; update check-cdktn.mjs`);
    delete pkg[section][from];
    pkg[section][to] = version;
  }
  pkg.scripts.deploy = 'cdktn deploy';
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  rmSync(join(copy, 'package-lock.json'), { force: true });
  let changed = 0;
  for (const path of sourceFiles(copy)) {
    const before = readFileSync(path, 'utf8');
    const after = renameImports(before);
    if (after !== before) {
      writeFileSync(path, after);
      changed++;
    }
  }
  return changed;
}

/** `pkg wants dep@range, has version` for every peer range of the swapped packages that the install misses. */
function unmetPeers(copy) {
  const require = createRequire(join(copy, 'package.json'));
  const semver = require('semver');
  const versionOf = (name) =>
    JSON.parse(readFileSync(join(copy, 'node_modules', name, 'package.json'), 'utf8')).version;
  return ['cdktn', 'cdktn-cli', ...Object.keys(PROVIDERS).map((p) => `@cdktn/provider-${p}`)].flatMap(
    (name) =>
      Object.entries(
        JSON.parse(readFileSync(join(copy, 'node_modules', name, 'package.json'), 'utf8')).peerDependencies ??
          {},
      )
        .filter(([dep, range]) => !semver.satisfies(versionOf(dep), range))
        .map(([dep, range]) => `${name} wants ${dep}@${range}, has ${versionOf(dep)}`),
  );
}

function synth(cwd, outdir) {
  mkdirSync(outdir, { recursive: true });
  return must(
    `synth in ${cwd}`,
    run(process.execPath, ['-r', './scripts/register-ts.cjs', 'main.ts'], cwd, {
      CDKTF_OUTDIR: join(outdir, 'cdktf.out'),
      K8S_OUTDIR: join(outdir, 'k8s'),
    }),
  );
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Every leaf that differs between two JSON values, as `path: a → b`. */
function diffJson(a, b, path, out) {
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  const objects = a && b && typeof a === 'object' && typeof b === 'object';
  if (!objects || Array.isArray(a) !== Array.isArray(b)) {
    out.push({ path, before: a, after: b });
    return out;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
    diffJson(a[key], b[key], `${path}.${key}`, out);
  return out;
}

/** Differences the rename is expected to make: the versions the packages record. */
function expected(d) {
  return (
    /\.terraform\.required_providers\.(azurerm|databricks)\.version$/.test(d.path) ||
    /\.\/\/\.metadata\.version$/.test(d.path) ||
    /^manifest\.json\.version$/.test(d.path)
  );
}

const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v));

const work = mkdtempSync(join(tmpdir(), 'lakehouse-cdktn-'));
try {
  const copy = join(work, 'repo');
  cpSync(ROOT, copy, { recursive: true, filter: (src) => !SKIP.has(relative(ROOT, src).split('/')[0]) });
  const renamed = swapPackages(copy);
  const providers = Object.entries(PROVIDERS).map(([p, v]) => `@cdktn/provider-${p} ${v}`);
  console.log(`check:cdktn: cdktn ${CDKTN}, ${providers.join(', ')}; ${renamed} files renamed`);

  // npm refuses an install whose peer ranges are not met (and names only the first): install with them relaxed,
  // then list every unmet range of the swapped packages.
  const strict = run('npm', ['install', '--no-audit', '--no-fund', '--dry-run'], copy);
  must(
    'npm install',
    run('npm', ['install', '--no-audit', '--no-fund', ...(strict.ok ? [] : ['--legacy-peer-deps'])], copy),
  );
  console.log(`peer ranges not met: ${unmetPeers(copy).join('; ') || 'none'}`);
  const leftovers = readdirSync(join(copy, 'node_modules')).filter((n) => n === 'cdktf' || n === '@cdktf');
  console.log(`cdktf left in node_modules (pulled in by another package): ${leftovers.join(', ') || 'none'}`);
  const tsc = run(
    process.execPath,
    [join(copy, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'],
    copy,
  );
  console.log(`tsc --noEmit on the renamed copy: ${tsc.ok ? 'passes' : `fails:\n${tsc.out}`}`);

  const before = join(work, 'cdktf');
  const after = join(work, 'cdktn');
  synth(ROOT, before);
  synth(copy, after);

  const names = new Set([before, after].flatMap((dir) => [...filesUnder(dir)].map((f) => relative(dir, f))));
  const differences = [];
  const filesDiffering = [];
  for (const name of [...names].sort()) {
    const [a, b] = [join(before, name), join(after, name)];
    if (!existsSync(a) || !existsSync(b)) {
      differences.push({
        path: name,
        before: existsSync(a) ? 'file' : undefined,
        after: existsSync(b) ? 'file' : undefined,
      });
      continue;
    }
    if (statSync(a).size === statSync(b).size && readFileSync(a).equals(readFileSync(b))) continue;
    filesDiffering.push(name);
    if (name.endsWith('.json')) {
      const label = name.replace(/^cdktf\.out\//, '');
      diffJson(JSON.parse(readFileSync(a, 'utf8')), JSON.parse(readFileSync(b, 'utf8')), label, differences);
    } else differences.push({ path: name, before: 'text', after: 'differs' });
  }
  const wanted = differences.filter(expected);
  const other = differences.filter((d) => !expected(d));
  console.log(`synthesized files: ${names.size}, differing: ${filesDiffering.length}`);
  const summarise = (list) => {
    const groups = new Map();
    for (const d of list) {
      const key = `${d.path.replace(/^[^/]*\/[^/]*\/?/, '').replace(/^.*?\.json\./, '')}: ${show(d.before)} → ${show(d.after)}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    return [...groups].map(([k, n]) => `  ${k}${n > 1 ? `  (${n} files)` : ''}`).join('\n');
  };
  console.log(`expected differences (package versions): ${wanted.length}\n${summarise(wanted)}`);
  console.log(
    `other differences: ${other.length}${other.length ? `\n${other.map((d) => `  ${d.path}: ${show(d.before)} → ${show(d.after)}`).join('\n')}` : ''}`,
  );
  // A rename changes versions only: anything else, or a copy that does not type-check, fails the check.
  if (!tsc.ok || other.length > 0) process.exitCode = 1;
} catch (error) {
  if (!(error instanceof StepFailed)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
