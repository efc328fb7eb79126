#!/usr/bin/env node
// Reads a synthesized stack (cdktf.out/stacks/<stack>/cdk.tf.json) for the pipeline scripts.
//
//   node stack-info.js backend <cdk.tf.json>
//       prints `<storage account>\t<container>\t<key>` of the stack's azurerm backend
//   node stack-info.js creates <cdk.tf.json>
//       prints one line: what a first apply would create, e.g. `would create 12 resources (azurerm_subnet ×3, ...)`
//   node stack-info.js providers <cdk.tf.json>
//       prints each of the stack's required_providers as a one-entry required_providers JSON object, one per
//       line, sorted (the same provider and version prints the same line in every stack)
//
// Plain Node, no dependencies (runs on agents that only downloaded the build artifact).

const { readFileSync } = require('node:fs');

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function readStack(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
}

/** The azurerm backend block of a stack, or an error naming what is missing. */
function backendOf(stack, file) {
  const backend = stack.terraform?.backend?.azurerm;
  if (!backend) fail(`${file} has no azurerm backend (terraform.backend.azurerm).`);
  const fields = ['storage_account_name', 'container_name', 'key'];
  const missing = fields.filter((field) => !backend[field]);
  if (missing.length) fail(`${file}: the azurerm backend has no ${missing.join(', ')}.`);
  return fields.map((field) => backend[field]);
}

/** `would create N resources (type ×n, ...)`, largest groups first, from the resource blocks of the stack. */
function creates(stack) {
  const counts = new Map();
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    counts.set(type, Object.keys(resources).length);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => (n > 1 ? `${type} ×${n}` : type));
  return `would create ${total} resource${total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** One `{"<name>":{"source":...,"version":...}}` per required provider, sorted by name. */
function providers(stack) {
  const required = stack.terraform?.required_providers ?? {};
  return Object.keys(required)
    .sort()
    .map((name) =>
      JSON.stringify({ [name]: { source: required[name].source, version: required[name].version } }),
    );
}

module.exports = { backendOf, creates, providers };

if (require.main === module) {
  const [command, file] = process.argv.slice(2);
  if (!file || !['backend', 'creates', 'providers'].includes(command)) {
    fail('usage: stack-info.js backend|creates|providers <cdk.tf.json>');
  }
  const stack = readStack(file);
  if (command === 'backend') process.stdout.write(`${backendOf(stack, file).join('\t')}\n`);
  if (command === 'creates') process.stdout.write(`${creates(stack)}\n`);
  if (command === 'providers')
    process.stdout.write(
      providers(stack)
        .map((line) => `${line}\n`)
        .join(''),
    );
}
