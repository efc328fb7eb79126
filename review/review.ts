import { dataLossWarnings } from './data-loss';
import { lockRefusals, roleConditionWarnings } from './locks';
import { diffManifests } from './manifest-diff';
import {
  byStackAndPath,
  byWarning,
  type ResourceChange,
  type Review,
  type StackSummary,
  splitStackName,
} from './model';
import { changesFromPlan, type StackPlan } from './plan';
import { ReferenceNames } from './references';
import { policyChanges, securityChanges } from './security';
import type { Snapshot } from './snapshot';
import { diffTerraform } from './terraform-diff';

/** One row per stack (changed or not), so the renderer can fold the unchanged ones. */
function summarize(stacks: readonly string[], changes: readonly ResourceChange[]): StackSummary[] {
  return [...new Set([...stacks, ...changes.map((c) => c.stack)])].sort().map((stack) => {
    const of = changes.filter((c) => c.stack === stack);
    const count = (action: ResourceChange['action']) => of.filter((c) => c.action === action).length;
    return {
      stack,
      ...(of[0] ? { environment: of[0].environment, layer: of[0].layer } : splitStackName(stack)),
      add: count('create'),
      change: count('update'),
      replace: count('replace'),
      destroy: count('delete'),
    };
  });
}

/** Names from the head, and from the base for what the head no longer has (destroyed resources). */
function mergedNames(base: Snapshot, head: Snapshot): Snapshot {
  const stacks = new Map(base.stacks);
  for (const [name, stack] of head.stacks) {
    const old = base.stacks.get(name);
    stacks.set(
      name,
      old
        ? {
            ...stack,
            resources: new Map([...old.resources, ...stack.resources]),
            outputs: { ...old.outputs, ...stack.outputs },
          }
        : stack,
    );
  }
  return { ...head, stacks };
}

/** The review of two synth outputs: Terraform stacks, manifests, policy findings and suppressions. */
export function reviewSnapshots(base: Snapshot, head: Snapshot): Review {
  const names = new ReferenceNames(mergedNames(base, head));
  const describe = (stack: string, value: string) => names.describe(stack, value);
  const changes = [...diffTerraform(base, head, describe), ...diffManifests(base, head)].sort(byStackAndPath);
  const stacks = [
    ...base.stacks.keys(),
    ...head.stacks.keys(),
    ...[...base.manifests.keys(), ...head.manifests.keys()].map((env) => `${env}-k8s`),
  ];
  return {
    base: base.label,
    head: head.label,
    stacks: summarize(stacks, changes),
    changes,
    dataLoss: [
      ...dataLossWarnings(changes),
      ...lockRefusals(base, head, changes),
      ...roleConditionWarnings(base, changes),
    ].sort(byWarning),
    security: [...securityChanges(changes, names), ...policyChanges(base.policy, head.policy)].sort(
      byWarning,
    ),
    describe,
  };
}

/** The review of `terraform show -json` plans, one per stack. */
export function reviewPlans(
  plans: readonly StackPlan[],
  label: string,
  paths?: ReadonlyMap<string, string>,
): Review {
  const changes = plans.flatMap((p) => changesFromPlan(p.stack, p.plan, paths)).sort(byStackAndPath);
  return {
    base: 'current state',
    head: label,
    stacks: summarize(
      plans.map((p) => p.stack),
      changes,
    ),
    changes,
    dataLoss: dataLossWarnings(changes),
    security: securityChanges(changes),
  };
}

/** Keeps the stacks and manifests of some environments only (`--env`). */
export function onlyEnvironments(snapshot: Snapshot, envs: readonly string[]): Snapshot {
  if (envs.length === 0) return snapshot;
  return {
    ...snapshot,
    stacks: new Map([...snapshot.stacks].filter(([name]) => envs.includes(splitStackName(name).environment))),
    manifests: new Map([...snapshot.manifests].filter(([env]) => envs.includes(env))),
    policy: snapshot.policy && {
      ...snapshot.policy,
      findings: snapshot.policy.findings.filter((f) => envs.includes(f.environment)),
      suppressions: snapshot.policy.suppressions.filter((s) =>
        envs.includes(splitStackName(s.stack).environment),
      ),
    },
  };
}
