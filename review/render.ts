import { attributeChanges } from './attribute-diff';
import type { ContractsReview } from './contracts';
import type { Action, Describe, ResourceChange, Review, StackSummary } from './model';

/** The review as Markdown (`plan-review.md`, the pull-request comment) or JSON; same input, same bytes. */

const SYMBOL: Record<Action, string> = { create: '+', update: '~', replace: '-/+', delete: '-' };
const VERB: Record<Action, string> = {
  create: 'create',
  update: 'update',
  replace: 'replace',
  delete: 'destroy',
};

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
}

function code(text: string | undefined): string {
  return text === undefined ? '—' : `<code>${html(text)}</code>`;
}

function cell(text: string): string {
  return html(text).replace(/\n/g, ' ');
}

function totals(stacks: readonly StackSummary[]) {
  return stacks.reduce(
    (t, s) => ({
      add: t.add + s.add,
      change: t.change + s.change,
      replace: t.replace + s.replace,
      destroy: t.destroy + s.destroy,
    }),
    { add: 0, change: 0, replace: 0, destroy: 0 },
  );
}

const changed = (s: StackSummary) => s.add + s.change + s.replace + s.destroy > 0;

function details(change: ResourceChange, describe?: Describe): string[] {
  const summary = `<code>${SYMBOL[change.action]} ${VERB[change.action]}</code> ${code(change.path)} (${html(change.type)})`;
  const lines = [`<details><summary>${summary}</summary>`, ''];
  if (change.path !== change.address) lines.push(`Address: ${code(change.address)}`, '');
  for (const reason of change.reasons) lines.push(`- ${cell(reason)}`);
  if (change.reasons.length > 0) lines.push('');
  if (change.action !== 'delete') {
    const attributes = attributeChanges(
      change.before,
      change.after,
      new Set(change.sensitivePaths ?? []),
      describe && ((value) => describe(change.stack, value)),
    );
    if (attributes.length > 0) {
      lines.push(
        change.action === 'create' ? '| Attribute | Value |' : '| Attribute | Before | After |',
        change.action === 'create' ? '| --- | --- |' : '| --- | --- | --- |',
        ...attributes.map((a) =>
          change.action === 'create'
            ? `| ${code(a.path)} | ${code(a.after)} |`
            : `| ${code(a.path)} | ${code(a.before)} | ${code(a.after)} |`,
        ),
        '',
      );
    }
  }
  lines.push('</details>', '');
  return lines;
}

export function renderMarkdown(review: Review): string {
  const t = totals(review.stacks);
  const changedStacks = review.stacks.filter(changed);
  const lines = ['# Plan review', '', `Base: ${code(review.base)} · Head: ${code(review.head)}`, ''];
  if (review.contracts) lines.push(...contractsSection(review.contracts));
  if (review.changes.length === 0 && review.security.length === 0) {
    lines.push(`**No changes.** ${review.stacks.length} stack(s) compared.`, '');
    return lines.join('\n');
  }
  lines.push(
    `**${t.add} to add, ${t.change} to change, ${t.replace} to replace, ${t.destroy} to destroy** in ${changedStacks.length} of ${review.stacks.length} stack(s) · ${review.dataLoss.length} data-loss warning(s) · ${review.security.length} security-relevant change(s)`,
    '',
  );
  if (review.dataLoss.length > 0) {
    lines.push('## Data-loss warnings', '');
    for (const w of review.dataLoss)
      lines.push(`- **${VERB[w.action]}** ${code(w.path)} (${html(w.stack)}): ${cell(w.message)}`);
    lines.push('');
  }
  if (review.security.length > 0) {
    lines.push(
      '## Security-relevant changes',
      '',
      '| Stack | Resource | Kind | Change |',
      '| --- | --- | --- | --- |',
    );
    for (const s of review.security)
      lines.push(`| ${html(s.stack)} | ${code(s.path)} | ${s.category} | ${cell(s.message)} |`);
    lines.push('');
  }
  lines.push('## Changes per environment and stack', '');
  if (changedStacks.length > 0) {
    lines.push(
      '| Environment | Stack | Add | Change | Replace | Destroy |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
    );
    for (const s of changedStacks) {
      lines.push(
        `| ${html(s.environment)} | ${html(s.layer)} | ${s.add} | ${s.change} | ${s.replace} | ${s.destroy} |`,
      );
    }
    lines.push('');
  }
  const unchanged = review.stacks.filter((s) => !changed(s));
  if (unchanged.length > 0) {
    lines.push(
      `<details><summary>${unchanged.length} unchanged stack(s)</summary>`,
      '',
      unchanged.map((s) => code(s.stack)).join(', '),
      '',
      '</details>',
      '',
    );
  }
  if (review.changes.length > 0) {
    lines.push('## Changed resources', '');
    for (const stack of changedStacks) {
      lines.push(`### ${html(stack.stack)}`, '');
      for (const change of review.changes.filter((c) => c.stack === stack.stack))
        lines.push(...details(change, review.describe));
    }
  }
  return lines.join('\n');
}

const VERDICT = { breaking: '**breaking**', compatible: 'compatible', info: '—' } as const;

/** The Contracts section: per domain, new versions and their verdict, and who a breaking change hits. */
export function contractsSection(contracts: ContractsReview): string[] {
  const lines = ['## Contracts', ''];
  if (contracts.note) lines.push(`_${html(contracts.note)}._`, '');
  if (contracts.changes.length === 0 && contracts.problems.length === 0) {
    if (!contracts.note) lines.push('No contract changes.', '');
    return lines;
  }
  if (contracts.changes.length > 0) {
    lines.push(
      '| Domain | Change | Verdict | What breaks | Consumers hit |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const c of contracts.changes) {
      lines.push(
        `| ${html(c.domain)} | ${cell(c.summary)} | ${VERDICT[c.verdict]} | ${c.details.map(cell).join('<br>') || '—'} | ${c.consumers.map(cell).join(', ') || '—'} |`,
      );
    }
    lines.push('');
  }
  if (contracts.problems.length > 0) {
    lines.push('Contract problems (the synth stops on these):', '');
    for (const problem of contracts.problems) lines.push(`- ${cell(problem)}`);
    lines.push('');
  }
  return lines;
}

/** The review as JSON: attribute diffs instead of raw attributes (so secrets stay masked). */
export function renderJson(review: Review): string {
  return `${JSON.stringify(
    {
      base: review.base,
      head: review.head,
      totals: totals(review.stacks),
      stacks: review.stacks,
      dataLoss: review.dataLoss,
      security: review.security,
      contracts: review.contracts,
      changes: review.changes.map((c) => ({
        stack: c.stack,
        environment: c.environment,
        layer: c.layer,
        address: c.address,
        type: c.type,
        path: c.path,
        action: c.action,
        reasons: c.reasons,
        attributes:
          c.action === 'delete'
            ? []
            : attributeChanges(
                c.before,
                c.after,
                new Set(c.sensitivePaths ?? []),
                (v) => review.describe?.(c.stack, v) ?? v,
              ),
      })),
    },
    null,
    2,
  )}\n`;
}
