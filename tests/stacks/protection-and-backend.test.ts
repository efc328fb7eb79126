import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { buildBootstrapApp } from '../../app/build-app';
import { Naming } from '../../naming/names';
import { StateStack } from '../../stacks/state/state-stack';
import { buildEnvironment, environment, resourceAt, resourcesOf, synthStack } from '../helpers/synth';

const foundation = (name: string, change: (c: Record<string, unknown>) => void = () => {}) => {
  const config = structuredClone(environment(name)) as unknown as Record<string, unknown>;
  change(config);
  return synthStack(buildEnvironment(config as never).stacks.foundation);
};

describe('protection', () => {
  const prod = foundation('prod');
  const dev = foundation('dev');

  test('prod: stateful resources cannot be destroyed by Terraform and are locked in Azure', () => {
    for (const [type, path] of [
      ['azurerm_key_vault', 'key-vault/vault'],
      ['azurerm_log_analytics_workspace', 'log-analytics/workspace'],
    ]) {
      expect(resourceAt(prod, type, path).lifecycle).toEqual({ prevent_destroy: true });
      expect(resourceAt(prod, 'azurerm_management_lock', `${path}/lock`)).toMatchObject({
        lock_level: 'CanNotDelete',
      });
    }
  });

  test('the lock points at the resource it protects', () => {
    const lock = resourceAt(prod, 'azurerm_management_lock', 'key-vault/vault/lock');
    expect(lock.scope).toMatch(/^\$\{azurerm_key_vault\.key-vault_[0-9A-F]+\.id\}$/);
  });

  test('dev: nothing is locked or undeletable', () => {
    expect(resourcesOf(dev, 'azurerm_management_lock')).toEqual([]);
    expect(resourceAt(dev, 'azurerm_key_vault', 'key-vault/vault').lifecycle).toBeUndefined();
  });

  test('protection follows config, per environment', () => {
    const locksOnly = foundation('dev', (c) => {
      c.protection = { preventDestroy: false, managementLocks: true };
    });
    expect(resourcesOf(locksOnly, 'azurerm_management_lock')).toHaveLength(2);
    expect(resourceAt(locksOnly, 'azurerm_key_vault', 'key-vault/vault').lifecycle).toBeUndefined();
  });
});

describe('state backend', () => {
  test('an environment with a backend gets an azurerm backend per stack, Entra ID auth', () => {
    expect(foundation('prod').terraform?.backend).toEqual({
      azurerm: {
        resource_group_name: 'rg-lakehouse-prod-neu-tfstate',
        storage_account_name: `stlakehouseprodtf${new Naming(environment('prod')).suffix}`,
        container_name: 'tfstate',
        key: 'prod/prod-foundation.tfstate',
        use_azuread_auth: true,
      },
    });
  });

  test('explicit names win over derived ones (an account that already exists)', () => {
    const explicit = foundation('prod', (c) => {
      c.backend = { resourceGroupName: 'rg-existing-state', storageAccountName: 'stexistingstate' };
    });
    expect(explicit.terraform?.backend).toEqual({
      azurerm: expect.objectContaining({
        resource_group_name: 'rg-existing-state',
        storage_account_name: 'stexistingstate',
        container_name: 'tfstate',
      }),
    });
  });

  test('without a backend, state stays local so synth and plan work offline', () => {
    const local = foundation('dev', (c) => {
      delete c.backend;
    });
    expect(local.terraform?.backend).toEqual({ local: { path: 'terraform.dev-foundation.tfstate' } });
  });
});

/** The state stack alone (the deployers are tested in tests/stacks/state/deployers.test.ts). */
const withoutDeployers = (name: string) => ({ ...environment(name), deployers: undefined });

describe('state storage bootstrap', () => {
  const app = Testing.app();
  const stack = new StateStack(app, { config: withoutDeployers('prod') });
  const json = synthStack(stack);

  test('keeps its own state locally', () => {
    expect(json.terraform?.backend).toEqual({ local: { path: 'terraform.prod-state.tfstate' } });
  });

  test('state account: Entra ID only, versioned, recoverable, protected', () => {
    const account = resourceAt(json, 'azurerm_storage_account', 'state-account');
    expect(account).toMatchObject({
      name: new Naming(environment('prod')).stateStorageAccount(),
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      https_traffic_only_enabled: true,
      min_tls_version: 'TLS1_2',
      allow_nested_items_to_be_public: false,
      blob_properties: {
        versioning_enabled: true,
        delete_retention_policy: { days: 30 },
        container_delete_retention_policy: { days: 30 },
      },
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(json, 'azurerm_storage_container', 'state-container')).toMatchObject({
      name: 'tfstate',
      container_access_type: 'private',
    });
    expect(resourceAt(json, 'azurerm_management_lock', 'state-account/lock')).toMatchObject({
      lock_level: 'CanNotDelete',
    });
  });
});

describe('state storage and the policy pack', () => {
  const json = (change: (backend: Record<string, unknown>) => void = () => {}) => {
    const config = structuredClone(withoutDeployers('prod')) as unknown as {
      backend: Record<string, unknown>;
    };
    change(config.backend);
    return synthStack(new StateStack(Testing.app(), { config: config as never }));
  };

  test('without allowedIpRanges: reachable from any network (Entra ID only), a reviewed exception', () => {
    const account = resourceAt(json(), 'azurerm_storage_account', 'state-account');
    expect(account.network_rules).toBeUndefined();
  });

  test('with allowedIpRanges: default deny, only those ranges', () => {
    const account = resourceAt(
      json((backend) => {
        backend.allowedIpRanges = ['203.0.113.0/24', '198.51.100.7/32'];
      }),
      'azurerm_storage_account',
      'state-account',
    );
    expect(account.network_rules).toEqual({
      default_action: 'Deny',
      bypass: ['AzureServices'],
      ip_rules: ['203.0.113.0/24', '198.51.100.7'],
    });
  });

  test('the packs run on the bootstrap app: no errors, every exception suppressed with its reason', () => {
    const { app, policies } = buildBootstrapApp([environment('dev'), environment('prod')], {
      outdir: mkdtempSync(join(tmpdir(), 'lakehouse-bootstrap-')),
    });
    app.synth();
    const report = policies.toJson();
    expect(report.summary.errors).toBe(0);
    // Each suppression matches a finding (none is stale), and only where the rule applies.
    const suppressed = (env: string) =>
      report.suppressions
        .filter((s) => s.path.startsWith(`${env}-state/`))
        .map((s) => `${s.rule}: ${s.matched}`)
        .sort();
    // The deployers' Contributor and RBAC Administrator assignments are reviewed exceptions, with their reasons.
    const deployers = ['role-assignment-least-privilege: 1', 'role-assignment-least-privilege: 1'];
    expect(suppressed('dev')).toEqual(['diagnostics-present: 1', 'network-default-deny: 1', ...deployers]);
    expect(suppressed('prod')).toEqual([
      'diagnostics-present: 1',
      'network-default-deny: 1',
      'private-endpoints-present: 1',
      'public-network-access: 1',
      ...deployers,
    ]);
  });
});
