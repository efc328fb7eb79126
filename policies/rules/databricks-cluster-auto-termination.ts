import { get, isExpression } from '../attrs';
import type { TerraformRule } from '../rule';

interface Element {
  readonly type?: string;
  readonly value?: unknown;
  readonly minValue?: number;
  readonly maxValue?: number;
}

/**
 * Cluster policies make idle clusters stop: `autotermination_minutes` fixed to a positive value, or a range that
 * excludes 0 (never) and has a maximum. A policy fixed to job clusters (`cluster_type` = `job`) passes: a job
 * cluster ends with its run.
 */
export const databricksClusterAutoTermination: TerraformRule = {
  id: 'databricks-cluster-auto-termination',
  title: 'Cluster policies force auto-termination (job-only policies end with their run)',
  level: 'error',
  resourceTypes: ['databricks_cluster_policy'],
  check(attrs) {
    const raw = get(attrs, 'definition');
    if (isExpression(raw)) return 'compliant'; // decided at apply time
    const fix =
      'add "autotermination_minutes": { "type": "fixed", "value": <minutes> } (stacks/lakehouse/cluster-policy-definitions.ts), or fix "cluster_type" to "job"';
    if (typeof raw !== 'string') {
      return [{ message: 'has no definition of its own, so nothing forces auto-termination', fix }];
    }
    let definition: Record<string, Element>;
    try {
      definition = JSON.parse(raw) as Record<string, Element>;
    } catch {
      return [
        { message: 'its definition is not valid JSON', fix: 'write the definition with JSON.stringify' },
      ];
    }
    const clusterType = definition.cluster_type;
    if (clusterType?.type === 'fixed' && clusterType.value === 'job') return 'compliant';
    const rule = definition.autotermination_minutes;
    if (rule?.type === 'fixed' && typeof rule.value === 'number' && rule.value > 0) return 'compliant';
    if (
      rule?.type === 'range' &&
      typeof rule.minValue === 'number' &&
      rule.minValue > 0 &&
      typeof rule.maxValue === 'number'
    )
      return 'compliant';
    const found = rule ? JSON.stringify(rule) : 'no rule';
    return [{ message: `idle clusters may run for ever (autotermination_minutes: ${found})`, fix }];
  },
};
