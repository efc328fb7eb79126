import { Testing } from 'cdktf';
import { environmentRoles } from '../../../app/build-app';
import type { EnvironmentConfig } from '../../../environments/schema';
import {
  BUILT_IN_ROLE_IDS,
  BUILT_IN_ROLES,
  type BuiltInRole,
  RoleGrant,
} from '../../../stacks/constructs/role-assignment';
import { assignedRoles } from '../../../stacks/state/assigned-roles';
import { constrainRolesCondition, rolesAllowedBy } from '../../../stacks/state/deployer-roles';
import { StateStack } from '../../../stacks/state/state-stack';
import {
  buildEnvironment,
  environment,
  resourceAt,
  resourcesOf,
  type StackJson,
  synthStack,
} from '../../helpers/synth';

const bootstrap = (config: EnvironmentConfig, roles = environmentRoles(config)): StackJson =>
  synthStack(new StateStack(Testing.app(), { config, assignableRoles: roles }));

/** The role definition ids of every `azurerm_role_assignment` in an environment's synthesized stacks. */
function rolesInSynthesizedStacks(config: EnvironmentConfig): string[] {
  const { stacks } = buildEnvironment(config);
  const ids = new Set<string>();
  for (const stack of Object.values(stacks)) {
    const json = synthStack(stack);
    for (const assignment of resourcesOf(json, 'azurerm_role_assignment')) {
      const name = assignment.role_definition_name as BuiltInRole;
      expect(BUILT_IN_ROLE_IDS[name]).toBeDefined();
      ids.add(BUILT_IN_ROLE_IDS[name]);
    }
    // Defender for Storage (malware scanning) assigns Defender for Storage Data Scanner with the deployer's rights.
    if (resourcesOf(json, 'azurerm_security_center_storage_defender').length > 0)
      ids.add('1e7ca9b1-60d1-4db8-a914-f2ca1ff27c40');
  }
  return [...ids].sort();
}

const prod = bootstrap(environment('prod'));
const dev = bootstrap(environment('dev'));
const assignment = (json: StackJson, id: string) =>
  resourceAt(json, 'azurerm_role_assignment', `deployers/${id}`);

describe('the bootstrap gives the deployers their roles', () => {
  test('apply identity: Contributor, conditioned RBAC Administrator, state data; all on the right scopes', () => {
    const apply = environment('prod').deployers?.apply.principalId;
    const subscription = expect.stringMatching(/^\$\{data\.azurerm_subscription\.subscription\.id\}$/);
    expect(assignment(prod, 'apply-contributor')).toMatchObject({
      role_definition_name: 'Contributor',
      scope: subscription,
      principal_id: apply,
      principal_type: 'ServicePrincipal',
    });
    expect(assignment(prod, 'apply-role-administrator')).toMatchObject({
      role_definition_name: 'Role Based Access Control Administrator',
      scope: subscription,
      principal_id: apply,
      condition_version: '2.0',
    });
    // The state account is locked: the state grants sit on its resource group, which nothing locks.
    expect(assignment(prod, 'apply-state')).toMatchObject({
      role_definition_name: 'Storage Blob Data Contributor',
      scope: expect.stringMatching(/^\$\{azurerm_resource_group\.rg-state\.id\}$/),
      principal_id: apply,
    });
  });

  test('plan identity: read only', () => {
    const plan = environment('prod').deployers?.plan?.principalId;
    const planRoles = resourcesOf(prod, 'azurerm_role_assignment')
      .filter((a) => a.principal_id === plan)
      .map((a) => a.role_definition_name)
      .sort();
    expect(planRoles).toEqual(['Reader', 'Storage Blob Data Reader']);
  });

  test('locks (prod): a custom role with only Microsoft.Authorization/locks/*, assigned to the apply identity', () => {
    const role = resourceAt(prod, 'azurerm_role_definition', 'deployers/lock-role');
    expect(role.permissions).toEqual([
      {
        actions: [
          'Microsoft.Authorization/locks/read',
          'Microsoft.Authorization/locks/write',
          'Microsoft.Authorization/locks/delete',
        ],
        not_actions: [],
      },
    ]);
    expect(role.name).toBe('Lakehouse lock operator (lakehouse-prod)');
    expect(assignment(prod, 'apply-locks').role_definition_id).toMatch(
      /^\$\{azurerm_role_definition\.deployers_lock-role_[0-9A-F]+\.role_definition_resource_id\}$/,
    );
  });

  test('no locks (dev): no lock role', () => {
    expect(resourcesOf(dev, 'azurerm_role_definition')).toEqual([]);
    expect(resourcesOf(dev, 'azurerm_role_assignment')).toHaveLength(5);
  });

  test('without deployers: no assignments; with deployers but no roles computed: a clear error', () => {
    const none = bootstrap({ ...environment('dev'), deployers: undefined }, undefined);
    expect(resourcesOf(none, 'azurerm_role_assignment')).toEqual([]);
    expect(() => new StateStack(Testing.app(), { config: environment('dev') })).toThrow(
      /deployers are configured but no assignableRoles.*buildBootstrapApp/,
    );
  });
});

describe("the RBAC Administrator condition allows exactly the roles the environment's stacks assign", () => {
  // dev (public) and prod (private, locked) differ in their grants (e.g. Private DNS Zone Contributor).
  test.each(['dev', 'prod'])('%s: the condition lists the synthesized role assignments, no more', (name) => {
    const config = environment(name);
    const json = name === 'prod' ? prod : dev;
    const condition = String(assignment(json, 'apply-role-administrator').condition);
    const expected = rolesInSynthesizedStacks(config);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    // Both clauses (write: the requested role; delete: the existing assignment's role) list the same set.
    expect(condition.match(/GuidEquals \{[^}]*\}/g)).toHaveLength(2);
    expect(rolesAllowedBy(condition).sort()).toEqual(expected);
    expect(condition).toContain("ActionMatches{'Microsoft.Authorization/roleAssignments/write'}");
    expect(condition).toContain("ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}");
    expect(condition).toContain('@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId]');
  });

  test('a grant added in code changes the condition', () => {
    const config = environment('dev');
    const { stacks } = buildEnvironment(config);
    const before = assignedRoles(Object.values(stacks)).map((r) => r.id);
    // A role that no stack of dev assigns yet (whichever that is as the kit grows).
    const role = BUILT_IN_ROLES.find((r) => !before.includes(BUILT_IN_ROLE_IDS[r])) as BuiltInRole;
    expect(role).toBeDefined();
    new RoleGrant(stacks.compute, 'new-grant', {
      scope: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg',
      role,
      principalId: '00000000-0000-4000-8000-000000000001',
      description: 'test',
    });
    const after = assignedRoles(Object.values(stacks));
    expect(after.map((r) => r.id)).toEqual([...before, BUILT_IN_ROLE_IDS[role]].sort());
    expect(after.find((r) => r.name === role)?.paths).toEqual(['dev-compute/new-grant/assignment']);
    const condition = String(assignment(bootstrap(config, after), 'apply-role-administrator').condition);
    expect(rolesAllowedBy(condition)).toContain(BUILT_IN_ROLE_IDS[role]);
    const unchanged = String(assignment(dev, 'apply-role-administrator').condition);
    expect(condition).not.toBe(unchanged);
  });

  test('a role the table does not know, or only known after apply, stops the bootstrap with the fix', () => {
    const { stacks } = buildEnvironment(environment('dev'));
    new RoleGrant(stacks.data, 'odd', {
      scope: '/x',
      role: 'Owner' as BuiltInRole,
      principalId: '00000000-0000-4000-8000-000000000001',
      description: 'test',
    });
    expect(() => assignedRoles(Object.values(stacks))).toThrow(
      /dev-data\/odd\/assignment: role 'Owner' has no role definition id in BUILT_IN_ROLE_IDS/,
    );
  });

  test('the condition syntax: Microsoft\'s "constrain roles" shape, ids sorted and deduplicated', () => {
    expect(
      constrainRolesCondition([
        'B0000000-0000-0000-0000-000000000000',
        'a0000000-0000-0000-0000-000000000000',
        'a0000000-0000-0000-0000-000000000000',
      ]),
    ).toBe(
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a0000000-0000-0000-0000-000000000000, b0000000-0000-0000-0000-000000000000})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a0000000-0000-0000-0000-000000000000, b0000000-0000-0000-0000-000000000000}))",
    );
    expect(() => constrainRolesCondition([])).toThrow(/no role definition ids/);
  });
});

describe('roles Azure assigns on the deployer’s behalf are allowed too', () => {
  const SCANNER = '1e7ca9b1-60d1-4db8-a914-f2ca1ff27c40';
  test('prod turns on Defender for Storage malware scanning: the condition allows Defender for Storage Data Scanner', () => {
    const roles = assignedRoles(Object.values(buildEnvironment(environment('prod')).stacks));
    const scanner = roles.find((r) => r.id === SCANNER);
    expect(scanner?.name).toBe('Defender for Storage Data Scanner');
    expect(scanner?.paths).toEqual(expect.arrayContaining(['prod-operations/defender/lake']));
  });
  test('dev has Defender off: the role is not allowed', () => {
    const roles = assignedRoles(Object.values(buildEnvironment(environment('dev')).stacks));
    expect(roles.map((r) => r.id)).not.toContain(SCANNER);
  });
});
