import type { LakehouseComputeConfig } from '../../environments/schema';

/**
 * Cluster policy definitions (the JSON of `databricks_cluster_policy.definition`), as pure functions of the
 * environment's config. Reference: https://learn.microsoft.com/azure/databricks/admin/clusters/policy-definition
 */

/** One policy attribute rule. */
export type PolicyElement =
  | { readonly type: 'fixed'; readonly value: string | number | boolean; readonly hidden?: boolean }
  | { readonly type: 'forbidden'; readonly hidden?: boolean }
  | {
      readonly type: 'allowlist';
      readonly values: readonly (string | number)[];
      readonly defaultValue?: string | number;
    }
  | {
      readonly type: 'range';
      readonly minValue?: number;
      readonly maxValue?: number;
      readonly defaultValue?: number;
    };

export type PolicyDefinition = Readonly<Record<string, PolicyElement>>;

/** The personas that get a policy: job clusters, and interactive clusters shared by several users. */
export type ComputePersona = 'jobs' | 'shared';

/**
 * Unity-Catalog-capable access modes: `SINGLE_USER` (dedicated: one user or service principal, what jobs run as)
 * and `USER_ISOLATION` (standard: shared, each user isolated). `NONE` (no isolation) and the legacy
 * table-ACL/passthrough modes are not in any list, so no policy allows them.
 */
const ACCESS_MODES: Readonly<Record<ComputePersona, readonly string[]>> = {
  jobs: ['SINGLE_USER', 'USER_ISOLATION'],
  shared: ['USER_ISOLATION'],
};

/**
 * The policy of one persona: the cluster type, access modes, node types and runtimes from the config, a worker
 * cap, auto-termination (job clusters end with their run) and the environment's tags as fixed custom tags (so
 * the cost of every cluster is attributed; users cannot change or drop them).
 */
export function clusterPolicyDefinition(
  persona: ComputePersona,
  compute: LakehouseComputeConfig,
  tags: Readonly<Record<string, string>>,
): PolicyDefinition {
  const modes = ACCESS_MODES[persona];
  const definition: Record<string, PolicyElement> = {
    cluster_type: { type: 'fixed', value: persona === 'jobs' ? 'job' : 'all-purpose' },
    data_security_mode:
      modes.length === 1
        ? { type: 'fixed', value: modes[0] }
        : { type: 'allowlist', values: modes, defaultValue: modes[0] },
    spark_version: {
      type: 'allowlist',
      values: compute.runtimeVersions,
      defaultValue: compute.runtimeVersions[0],
    },
    node_type_id: { type: 'allowlist', values: compute.nodeTypes, defaultValue: compute.nodeTypes[0] },
    driver_node_type_id: { type: 'allowlist', values: compute.nodeTypes, defaultValue: compute.nodeTypes[0] },
    // Pools would bring their own node types past the allowlist.
    instance_pool_id: { type: 'forbidden', hidden: true },
    driver_instance_pool_id: { type: 'forbidden', hidden: true },
    'autoscale.min_workers': { type: 'range', minValue: 1, maxValue: compute.maxWorkers, defaultValue: 1 },
    'autoscale.max_workers': {
      type: 'range',
      minValue: 1,
      maxValue: compute.maxWorkers,
      defaultValue: compute.maxWorkers,
    },
    num_workers: { type: 'range', minValue: 0, maxValue: compute.maxWorkers },
  };
  if (persona === 'shared') {
    // Idle shared clusters stop after the configured minutes; users may not raise it or turn it off (0).
    definition.autotermination_minutes = { type: 'fixed', value: compute.autoTerminationMinutes };
  }
  for (const [key, value] of Object.entries(tags)) {
    definition[`custom_tags.${key}`] = { type: 'fixed', value };
  }
  return definition;
}

/** The JSON document the API takes (keys in a stable order, so a second apply sees no change). */
export function clusterPolicyJson(definition: PolicyDefinition): string {
  return JSON.stringify(definition);
}
