import { ClusterPolicy } from '@cdktf/provider-databricks/lib/cluster-policy';
import { DataDatabricksGroup } from '@cdktf/provider-databricks/lib/data-databricks-group';
import { Entitlements } from '@cdktf/provider-databricks/lib/entitlements';
import { PermissionAssignment } from '@cdktf/provider-databricks/lib/permission-assignment';
import { Permissions } from '@cdktf/provider-databricks/lib/permissions';
import { Construct } from 'constructs';
import type { EnvironmentConfig, LakehouseGroups } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import {
  type ComputePersona,
  clusterPolicyDefinition,
  clusterPolicyJson,
} from './cluster-policy-definitions';

export interface ComputeGovernanceProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  /** The tags every cluster must carry (the stack's tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/** Which persona groups may use which policy (CAN_USE). */
export function policyUsers(groups: LakehouseGroups): Readonly<Record<ComputePersona, readonly string[]>> {
  return {
    jobs: [groups.dataEngineers],
    shared: [groups.dataEngineers, groups.analysts],
  };
}

/**
 * Who may start what compute: the persona groups join the workspace as users, the built-in `users` group loses
 * unrestricted cluster creation (so no all-purpose cluster exists without a policy; admins excepted), and each
 * persona gets CAN_USE on the policies meant for it.
 */
export class ComputeGovernance extends Construct {
  readonly policies: Readonly<Record<ComputePersona, ClusterPolicy>>;
  /** The persona groups' workspace assignments (policies and warehouse permissions name the groups). */
  readonly assignments: readonly PermissionAssignment[];

  constructor(scope: Construct, id: string, props: ComputeGovernanceProps) {
    super(scope, id);
    const { config, naming } = props;
    const groups = config.lakehouse.groups;

    // Account groups (synced from Entra ID) are usable in a workspace once assigned to it.
    this.assignments = (Object.keys(groups) as (keyof LakehouseGroups)[]).map(
      (persona) =>
        new PermissionAssignment(this, `assignment-${persona}`, {
          groupName: groups[persona],
          permissions: ['USER'],
        }),
    );

    // Every workspace user is in `users`: without this entitlement nobody but admins creates a cluster outside
    // a policy. (The account-level Personal Compute policy is a separate account setting: docs/lakehouse.md.)
    const users = new DataDatabricksGroup(this, 'users', { displayName: 'users' });
    new Entitlements(this, 'users-entitlements', {
      groupId: users.id,
      allowClusterCreate: false,
      allowInstancePoolCreate: false,
      workspaceAccess: true,
      databricksSqlAccess: true,
    });

    const personas: ComputePersona[] = ['jobs', 'shared'];
    const policies: Partial<Record<ComputePersona, ClusterPolicy>> = {};
    const canUse = policyUsers(groups);
    for (const persona of personas) {
      const policy = new ClusterPolicy(this, `policy-${persona}`, {
        name: naming.clusterPolicy(persona),
        description:
          persona === 'jobs'
            ? 'Job clusters: Unity Catalog access modes, approved node types and runtimes, capped workers'
            : 'Shared interactive clusters: user isolation, approved node types and runtimes, auto-termination',
        definition: clusterPolicyJson(clusterPolicyDefinition(persona, config.lakehouse.compute, props.tags)),
      });
      policies[persona] = policy;
      new Permissions(this, `policy-${persona}-permissions`, {
        clusterPolicyId: policy.id,
        accessControl: [...canUse[persona]]
          .sort()
          .map((groupName) => ({ groupName, permissionLevel: 'CAN_USE' })),
        dependsOn: [...this.assignments],
      });
    }
    this.policies = policies as Record<ComputePersona, ClusterPolicy>;
  }
}
