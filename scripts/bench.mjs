#!/usr/bin/env node
// `npm run bench`: the figures issue #2 asks for, each beside its target (2-core machine).
//   - full synth of every environment through `npm run synth`: median wall time and peak memory
//   - cost of one more environment, from generated sets of 1 and 30 environments
//   - `tsc --noEmit` time and the test-suite time
// Exits 1 when a figure misses its target, so CI or a developer notices a regression.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PROBE = join(ROOT, 'scripts', 'bench', 'rss-probe.cjs');
const CDKTF_PROBE = join(ROOT, 'scripts', 'bench', 'cdktf-probe.cjs');
// Every run writes into its own temporary folders; the repository (a user's cdktf.out/, dist/k8s/) is checked to be
// exactly as it was when the benchmark ends.
const { compareSnapshots, snapshotRepository } = createRequire(import.meta.url)('./repo-state.cjs');
const repositoryBefore = snapshotRepository(ROOT);

/**
 * Runs a command, returns wall seconds, the peak RSS (bytes) of its node processes, their CPU time (ms) and the
 * part of it in cdktf's passes over the stacks (scripts/bench/cdktf-probe.cjs).
 */
function measure(command, args, env = {}) {
  const work = mkdtempSync(join(tmpdir(), 'lakehouse-bench-'));
  const rssFile = join(work, 'rss');
  const cpuFile = join(work, 'cpu');
  writeFileSync(rssFile, '');
  writeFileSync(cpuFile, '');
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDKTF_OUTDIR: join(work, 'cdktf.out'),
      K8S_OUTDIR: join(work, 'k8s'),
      BENCH_RSS_FILE: rssFile,
      BENCH_CDKTF_FILE: cpuFile,
      NODE_OPTIONS: `--require ${PROBE} --require ${CDKTF_PROBE}`,
      ...env,
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`,
    );
  }
  const peak = Math.max(0, ...readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number));
  const processes = readFileSync(cpuFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const cpu = processes.reduce((sum, p) => sum + p.cpu, 0);
  const cdktf = processes.reduce((sum, p) => sum + p.cdktf, 0);
  rmSync(work, { recursive: true, force: true });
  return { seconds, peak, cpu, cdktf };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function repeat(runs, run) {
  const samples = Array.from({ length: runs }, run);
  return { seconds: median(samples.map((s) => s.seconds)), peak: median(samples.map((s) => s.peak)) };
}

/** A folder of `count` generated environments, each a copy of dev with its own name and address space. */
function generatedEnvironments(count) {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-bench-envs-'));
  const dev = join(ROOT, 'environments', 'dev');
  for (let i = 0; i < count; i++) {
    const name = `gen${String(i).padStart(2, '0')}`;
    writeFileSync(
      join(dir, `${name}.ts`),
      `import dev from '${dev}';\nexport default { ...dev, name: '${name}' };\n`,
    );
  }
  return dir;
}

const synth = (env = {}) => measure('npm', ['run', '--silent', 'synth'], env);
measure('npm', ['run', '--silent', 'synth']); // warm the transpile cache, as a developer's second run would be

const full = repeat(RUNS, () => synth());
const oneDir = generatedEnvironments(1);
const thirtyDir = generatedEnvironments(30);
// Sets of 1 and 30 environments, measured in pairs back to back so that a machine that speeds up or slows down
// during the benchmark (shared hosts do) shifts both sides of each difference alike.
const pairs = Array.from({ length: RUNS }, () => {
  const one = synth({ LAKEHOUSE_ENVIRONMENTS_DIR: oneDir });
  const thirty = synth({ LAKEHOUSE_ENVIRONMENTS_DIR: thirtyDir });
  return {
    thirty,
    extra: (thirty.seconds - one.seconds) / 29,
    extraCpu: (thirty.cpu - one.cpu) / 29,
    extraCdktf: (thirty.cdktf - one.cdktf) / 29,
  };
});
const thirty = {
  seconds: median(pairs.map((p) => p.thirty.seconds)),
  peak: median(pairs.map((p) => p.thirty.peak)),
};
const perEnvironment = median(pairs.map((p) => p.extra));
const perEnvironmentCpu = median(pairs.map((p) => p.extraCpu));
const perEnvironmentCdktf = median(pairs.map((p) => p.extraCdktf));
const tsc = repeat(3, () => measure('npx', ['tsc', '--noEmit']));
const tests = measure('npx', ['jest', '--silent']);
for (const dir of [oneDir, thirtyDir]) rmSync(dir, { recursive: true, force: true });

const MB = 1024 * 1024;
const rows = [
  [
    'full synth, all environments: wall (median)',
    `${full.seconds.toFixed(2)} s`,
    '≤ 1.5 s',
    full.seconds <= 1.5,
  ],
  [
    'full synth, all environments: peak memory',
    `${(full.peak / MB).toFixed(0)} MB`,
    '≤ 400 MB',
    full.peak <= 400 * MB,
  ],
  ['synth of 30 generated environments: wall', `${thirty.seconds.toFixed(2)} s`, '', true],
  ['synth of 30 generated environments: peak memory', `${(thirty.peak / MB).toFixed(0)} MB`, '', true],
  [
    'each extra environment: wall',
    `${(perEnvironment * 1000).toFixed(0)} ms`,
    '≤ 60 ms',
    perEnvironment <= 0.06,
  ],
  // CPU time varies less than wall time on a shared machine. Issue #12's goal (≤ 40 ms) is shown beside it but
  // does not fail the benchmark: cdktf's own passes (next row) take most of it, see docs/performance.md.
  [
    'each extra environment: CPU',
    `${perEnvironmentCpu.toFixed(0)} ms`,
    '≤ 40 ms',
    perEnvironmentCpu <= 40,
    'goal',
  ],
  ['  of which cdktf prepareStack + toTerraform', `${perEnvironmentCdktf.toFixed(0)} ms`, '', true],
  ['tsc --noEmit (median)', `${tsc.seconds.toFixed(2)} s`, '', true],
  ['test suite (jest)', `${tests.seconds.toFixed(1)} s`, '≤ 30 s', tests.seconds <= 30],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`benchmark (${RUNS} runs, median; node ${process.version})`);
for (const [what, figure, target, ok, goal] of rows) {
  const verdict = target ? (ok ? 'ok' : goal ? 'missed (a goal, not a gate)' : 'MISSED') : '';
  console.log(`${what.padEnd(width)}  ${figure.padStart(9)}  ${target.padEnd(9)}  ${verdict}`);
}
process.exitCode = rows.every((r) => r[3] || r[4] === 'goal') ? 0 : 1;
const repositoryChanges = compareSnapshots(repositoryBefore, snapshotRepository(ROOT));
if (repositoryChanges.length > 0) {
  console.error(
    `the benchmark changed the repository:\n${repositoryChanges.map((c) => `  ${c}`).join('\n')}`,
  );
  process.exitCode = 1;
}
