#!/usr/bin/env node
// Reads `terraform show -json` plans for the pipeline scripts.
//
//   node plan-report.js cross-stack-changes <plan.json>
//       prints the cdktf cross-stack outputs (cross-stack-output-*) the plan changes, one per line
//   node plan-report.js summary <plan|drift> <title> <dir>
//       prints a Markdown summary of <dir>/index.tsv and the <dir>/<stack>.json plans next to it
//
// index.tsv has one line per stack in dependency order: `<stack>\t<status>\t<sha256>\t<note>`.
// Plain Node, no dependencies (runs on agents that only downloaded the build artifact).

const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function readPlan(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read plan JSON ${file}: ${error.message}`);
  }
}

/** create | update | replace | destroy | read | no-op | forget, from a resource change's actions. */
function kind(actions) {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'destroy';
  return actions[0] ?? 'no-op';
}

/** Resource changes that an apply would perform: real actions, imports and moves (not reads). */
function resourceChanges(plan) {
  return (plan.resource_changes ?? [])
    .map((rc) => ({
      address: rc.address,
      kind: kind(rc.change?.actions ?? []),
      importing: Boolean(rc.change?.importing),
      moved: Boolean(rc.previous_address && rc.previous_address !== rc.address),
      previous: rc.previous_address,
    }))
    .filter((rc) => !['no-op', 'read'].includes(rc.kind) || rc.importing || rc.moved);
}

function outputChanges(plan) {
  return Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => !(change.actions ?? []).every((action) => action === 'no-op'))
    .map(([name]) => name);
}

/**
 * cdktf passes values between stacks through outputs named cross-stack-output-*: when the plan changes
 * one, the plans of the stacks that read it would be computed against the old value.
 */
function crossStackChanges(file) {
  const names = outputChanges(readPlan(file)).filter((name) => name.startsWith('cross-stack-output-'));
  process.stdout.write(names.map((name) => `${name}\n`).join(''));
}

const LABEL = {
  changes: 'changes',
  'no-changes': 'no changes',
  deferred: 'deferred',
  drift: 'DRIFT',
  clean: 'in sync',
  error: 'ERROR',
  'not-applied': 'not yet applied',
};

function summary(mode, title, dir) {
  const indexFile = join(dir, 'index.tsv');
  if (!existsSync(indexFile)) fail(`${indexFile} not found`);
  const rows = readFileSync(indexFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [stack, status, sha256, note] = line.split('\t');
      return { stack, status, sha256, note };
    });
  const out = [
    `## ${title}`,
    '',
    '| Stack | Result | Create | Update | Replace | Destroy | Notes |',
    '|---|---|---:|---:|---:|---:|---|',
  ];
  const details = [];
  for (const row of rows) {
    const planFile = join(dir, `${row.stack}.json`);
    const plan = existsSync(planFile) ? readPlan(planFile) : undefined;
    const changes = plan ? resourceChanges(plan) : [];
    const count = (k) => changes.filter((c) => c.kind === k).length;
    const counts = plan
      ? [count('create'), count('update'), count('replace'), count('destroy')]
      : ['', '', '', ''];
    const destroys = count('destroy') + count('replace');
    const notes = [row.note, destroys > 0 ? `**${destroys} resource(s) destroyed or replaced**` : '']
      .filter(Boolean)
      .join('; ');
    out.push(`| \`${row.stack}\` | ${LABEL[row.status] ?? row.status} | ${counts.join(' | ')} | ${notes} |`);
    if (!plan) continue;
    const lines = changes.map((c) => {
      const extra = [c.importing ? 'import' : '', c.moved ? `moved from \`${c.previous}\`` : ''].filter(
        Boolean,
      );
      return `- ${c.kind} \`${c.address}\`${extra.length ? ` (${extra.join(', ')})` : ''}`;
    });
    const outputs = outputChanges(plan);
    if (outputs.length) lines.push(`- outputs changed: ${outputs.map((name) => `\`${name}\``).join(', ')}`);
    const drift = (plan.resource_drift ?? []).filter((rc) => kind(rc.change?.actions ?? []) !== 'no-op');
    if (drift.length) {
      lines.push('', 'Changed outside Terraform:');
      for (const rc of drift) lines.push(`- ${kind(rc.change.actions)} \`${rc.address}\``);
    }
    if (lines.length) details.push('', `### ${row.stack}`, '', ...lines);
  }
  if (mode === 'plan' && rows.some((row) => row.status === 'deferred')) {
    details.push(
      '',
      '> Deferred stacks read outputs that this plan changes; they are planned by the next run, once the stacks',
      '> they depend on are applied. Re-run the pipeline after this one completes.',
    );
  }
  if (rows.some((row) => row.status === 'not-applied')) {
    details.push(
      '',
      '> Not yet applied: the stack has no state yet (a new layer or environment), so this identity cannot plan it.',
      '> The main pipeline creates it; its dependents are planned once it exists.',
    );
  }
  process.stdout.write(`${[...out, ...details].join('\n')}\n`);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'cross-stack-changes' && args.length === 1) {
  crossStackChanges(args[0]);
} else if (command === 'summary' && args.length === 3 && ['plan', 'drift'].includes(args[0])) {
  summary(args[0], args[1], args[2]);
} else {
  fail('usage: plan-report.js cross-stack-changes <plan.json> | summary <plan|drift> <title> <dir>');
}
