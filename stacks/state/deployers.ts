import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { DeployersConfig } from '../../environments/schema';
import { suppress } from '../../policies/suppressions';
import type { AssignedRole } from './assigned-roles';
import { constrainRolesCondition, type DEPLOYER_ROLE_IDS, LOCK_ACTIONS } from './deployer-roles';

export interface DeployersProps {
  readonly deployers: DeployersConfig;
  /** `<project>-<env>`, in the custom role's name (custom role names are unique per tenant). */
  readonly environmentLabel: string;
  /** `/subscriptions/<id>`: where the stacks create their resource groups. */
  readonly subscriptionScope: string;
  /** The scope that gives access to the state blobs (the state account's resource group, see StateStack). */
  readonly stateScope: string;
  /** Every role definition the environment's stacks assign: the only ones the apply identity may assign. */
  readonly assignableRoles: readonly AssignedRole[];
  /** Whether the stacks create management locks (`protection.managementLocks`): then the lock role too. */
  readonly locks: boolean;
}

/**
 * The deploying identities' Azure roles, created by the bootstrap (an administrator with Owner, or User Access
 * Administrator + Contributor, runs it; the pipelines' identities cannot grant themselves anything).
 *
 * Apply identity (`lakehouse-<env>` service connection):
 * - *Contributor* on the subscription: creates the resource groups and everything in them;
 * - *Role Based Access Control Administrator* on the subscription, with a condition that allows assigning and
 *   removing only the role definitions the stacks assign (computed from them, `assignedRoles`), so it cannot
 *   make itself or anyone Owner;
 * - when the environment uses locks, a custom role with only `Microsoft.Authorization/locks/*`
 *   (Contributor excludes `Microsoft.Authorization/*\/write|delete`; only Owner and User Access Administrator have it);
 * - *Storage Blob Data Contributor* on the state (state blobs and their lease, the state lock).
 *
 * Plan identity (`lakehouse-<env>-plan`, optional): *Reader* on the subscription and *Storage Blob Data Reader*
 * on the state: enough for `terraform plan -lock=false` (refresh reads, remote state outputs).
 *
 * Plane and reach: all management plane (ARM), reached from wherever the bootstrap runs. Propagation: Azure can
 * take minutes to apply new role assignments; the bootstrap runs well before the first pipeline run.
 * Second apply: the condition is a pure function of the stacks, so it changes only when a grant's role changes.
 */
export class Deployers extends Construct {
  readonly applyAssignments: readonly RoleAssignment[];
  readonly planAssignments: readonly RoleAssignment[];
  /** The apply identity's RBAC Administrator assignment with its condition. */
  readonly roleAdministrator: RoleAssignment;
  readonly lockRole?: RoleDefinition;

  constructor(scope: Construct, id: string, props: DeployersProps) {
    super(scope, id);
    // The policy pack refuses privileged roles and subscription scopes for the platform's grants; these are the
    // deployers' own, made by an administrator, and each says why it cannot be narrower.
    const literalSubscription = !Token.isUnresolved(props.subscriptionScope);
    const reviewed = (assignment: RoleAssignment, reason: string, privileged = false) => {
      if (privileged || literalSubscription) suppress(assignment, 'role-assignment-least-privilege', reason);
      return assignment;
    };
    const { deployers, subscriptionScope, stateScope } = props;
    // Built-in roles by name, as RoleGrant does: the provider looks the id up at the scope and stores the
    // subscription-scoped id Azure returns (a tenant-level `/providers/...` id would differ on read: a replace on
    // every plan).
    const builtIn = (role: keyof typeof DEPLOYER_ROLE_IDS) => ({ roleDefinitionName: role });
    const assign = (
      id: string,
      principalId: string,
      scope: string,
      role: { roleDefinitionName: string } | { roleDefinitionId: string },
      description: string,
      extra: { condition?: string } = {},
    ) =>
      new RoleAssignment(this, id, {
        scope,
        ...role,
        principalId,
        // The service connection's service principal; set so Azure does not wait for a Graph lookup.
        principalType: 'ServicePrincipal',
        description,
        ...(extra.condition ? { condition: extra.condition, conditionVersion: '2.0' } : {}),
      });

    const apply = deployers.apply.principalId;
    this.roleAdministrator = reviewed(
      assign(
        'apply-role-administrator',
        apply,
        subscriptionScope,
        builtIn('Role Based Access Control Administrator'),
        `Deploys azure-lakehouse-kit ${props.environmentLabel}: may assign only the roles its stacks assign`,
        { condition: constrainRolesCondition(props.assignableRoles.map((role) => role.id)) },
      ),
      'the deployer creates the platform grants; its ABAC condition allows only the role definitions the stacks assign, never Owner or access administration',
      true,
    );
    const applyAssignments = [
      reviewed(
        assign(
          'apply-contributor',
          apply,
          subscriptionScope,
          builtIn('Contributor'),
          `Deploys azure-lakehouse-kit ${props.environmentLabel}`,
        ),
        'the deployer creates the resource groups of the environment and everything in them; no narrower scope exists before they do',
        true,
      ),
      this.roleAdministrator,
      assign(
        'apply-state',
        apply,
        stateScope,
        builtIn('Storage Blob Data Contributor'),
        `Terraform state of azure-lakehouse-kit ${props.environmentLabel} (read, write, lock)`,
      ),
    ];
    if (props.locks) {
      this.lockRole = new RoleDefinition(this, 'lock-role', {
        name: `Lakehouse lock operator (${props.environmentLabel})`,
        scope: subscriptionScope,
        description: `Creates and removes the management locks of azure-lakehouse-kit ${props.environmentLabel}; nothing else`,
        permissions: [{ actions: [...LOCK_ACTIONS], notActions: [] }],
        assignableScopes: [subscriptionScope],
      });
      applyAssignments.push(
        reviewed(
          assign(
            'apply-locks',
            apply,
            subscriptionScope,
            { roleDefinitionId: this.lockRole.roleDefinitionResourceId },
            `Management locks of azure-lakehouse-kit ${props.environmentLabel}`,
          ),
          'a custom role with only Microsoft.Authorization/locks/*; the locked resources live in resource groups the stacks create',
        ),
      );
    }
    this.applyAssignments = applyAssignments;

    const plan = deployers.plan?.principalId;
    this.planAssignments = plan
      ? [
          reviewed(
            assign(
              'plan-reader',
              plan,
              subscriptionScope,
              builtIn('Reader'),
              `Plans azure-lakehouse-kit ${props.environmentLabel} (read only)`,
            ),
            'read only: terraform plan refreshes every resource of the environment, in resource groups the stacks create',
          ),
          assign(
            'plan-state',
            plan,
            stateScope,
            builtIn('Storage Blob Data Reader'),
            `Reads the Terraform state of azure-lakehouse-kit ${props.environmentLabel} (plans without the lock)`,
          ),
        ]
      : [];
  }
}
