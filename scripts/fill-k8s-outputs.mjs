#!/usr/bin/env node
// Fills the Terraform outputs into built Kubernetes manifests, and refuses manifests that still hold a
// placeholder (the deploy-mode check). Plain Node, no dependencies: the deploy pipeline runs it on the
// build artifact (dist/k8s/<env>) with the `terraform output -json` of the environment's compute stack.
//
//   node scripts/fill-k8s-outputs.mjs --manifests <dir> --outputs <file> [--out <dir>]
//   node scripts/fill-k8s-outputs.mjs --manifests <dir>              (check only: no placeholder may be left)
//
// A placeholder is `<<tf-output:<output>[.<key>...]>>`, e.g. `<<tf-output:workload_client_ids.model-serving>>`
// (written by charts/outputs.ts; keep the two grammars the same). It is replaced by the output's value, or by
// the value under the keys when the output is a map. Without --out the files are rewritten in place.
// Exit codes: 0 all filled, 1 placeholders left or unusable values (nothing is written), 2 usage.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const PLACEHOLDER = /<<tf-output:([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)>>/g;
/** A value may only replace a placeholder when it cannot change the YAML around it. */
const SAFE_VALUE = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const MANIFEST = /\.(ya?ml|json)$/;

function usage(message) {
  console.error(
    `${message}\nUsage: node scripts/fill-k8s-outputs.mjs --manifests <dir> [--outputs <file>] [--out <dir>]`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!['--manifests', '--outputs', '--out'].includes(flag))
      usage(`unknown option ${JSON.stringify(flag)}`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) usage(`${flag} needs a value`);
    args[flag.slice(2)] = value;
  }
  if (!args.manifests) usage('--manifests is required');
  return args;
}

function manifestFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir).sort();
  } catch (error) {
    usage(`--manifests ${dir}: ${error.message}`);
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return manifestFiles(path);
    return MANIFEST.test(entry) ? [path] : [];
  });
}

/** The value at `output.key...` of `terraform output -json`, or undefined. */
function lookup(outputs, path) {
  const [name, ...keys] = path.split('.');
  let value = outputs?.[name]?.value;
  for (const key of keys) value = value !== null && typeof value === 'object' ? value[key] : undefined;
  return value;
}

function readOutputs(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    usage(
      `--outputs ${file}: not readable JSON (${error.message.split('\n')[0]}); pass 'terraform output -json' of the compute stack`,
    );
  }
}

const args = parseArgs(process.argv.slice(2));
const outputs = args.outputs ? readOutputs(args.outputs) : undefined;
const files = manifestFiles(args.manifests);
if (files.length === 0) usage(`--manifests ${args.manifests}: no .yaml, .yml or .json files`);

const problems = [];
const filled = new Map();
for (const file of files) {
  const shown = relative(process.cwd(), file) || file;
  const text = readFileSync(file, 'utf8').replace(PLACEHOLDER, (placeholder, path) => {
    const value = outputs === undefined ? undefined : lookup(outputs, path);
    if (value === undefined || value === null) {
      problems.push(`${shown}: ${placeholder} is not filled${outputs ? ` (no output ${path})` : ''}`);
      return placeholder;
    }
    if (typeof value !== 'string' || !SAFE_VALUE.test(value)) {
      problems.push(
        `${shown}: ${placeholder}: output ${path} = ${JSON.stringify(value)} is not a plain identifier`,
      );
      return placeholder;
    }
    return value;
  });
  filled.set(file, text);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(
    `refused: ${problems.length} placeholder(s) left; nothing was written. Fix: apply the compute stack, then pass its 'terraform output -json' with --outputs`,
  );
  process.exit(1);
}
if (outputs !== undefined) {
  for (const [file, text] of filled) {
    const target = args.out ? join(args.out, relative(args.manifests, file)) : file;
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, text);
  }
}
console.log(
  `${files.length} manifest file(s) ${outputs === undefined ? 'hold no placeholder' : `filled into ${args.out ?? args.manifests}`}`,
);
