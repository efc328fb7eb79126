import type { EnvironmentConfig } from '../environments/schema';
import { get } from './attrs';
import { applySuppressions, type EvaluationResult, runRules } from './evaluate';
import type { TerraformPack } from './packs/pack';
import type { Attributes, StackResource, StackView } from './rule';

/**
 * The same rules over a `terraform show -json` plan: the planned values are the attributes, and references come
 * from the plan's configuration (`expressions.<attribute>.references`), since planned values hold resolved ids
 * or nothing yet. The plan JSON carries no `lifecycle` settings, so what `stateful-protection` says about
 * `prevent_destroy` is only meaningful at synth (where the packs always run).
 */
interface PlannedResource {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly name: string;
  readonly values?: Attributes;
}

interface ConfiguredResource {
  readonly address: string;
  readonly expressions?: Readonly<Record<string, unknown>>;
}

export interface PlanForPolicies {
  readonly planned_values?: { readonly root_module?: { readonly resources?: readonly PlannedResource[] } };
  readonly configuration?: { readonly root_module?: { readonly resources?: readonly ConfiguredResource[] } };
}

export function evaluatePlan(
  plan: PlanForPolicies,
  options: {
    readonly stack: string;
    readonly config: EnvironmentConfig;
    readonly packs: readonly TerraformPack[];
  },
): EvaluationResult {
  const resources: StackResource[] = (plan.planned_values?.root_module?.resources ?? [])
    .filter((r) => r.mode !== 'data')
    .map((r) => ({ type: r.type, name: r.name, address: r.address, path: r.address, attrs: r.values ?? {} }));
  const expressions = new Map(
    (plan.configuration?.root_module?.resources ?? []).map((r) => [r.address, r.expressions ?? {}] as const),
  );
  const byType = new Map<string, StackResource[]>();
  for (const r of resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const view: StackView = {
    name: options.stack,
    resourcesOf: (type) => byType.get(type) ?? [],
    refersTo: (resource, attribute, address) => {
      const references = get(expressions.get(resource.address), `${attribute}.references`);
      return (
        Array.isArray(references) &&
        references.some((r) => r === address || String(r).startsWith(`${address}.`))
      );
    },
  };
  const findings = runRules(resources, view, options);
  return applySuppressions(findings, []);
}
