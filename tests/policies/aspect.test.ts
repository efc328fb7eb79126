import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { Aspects } from 'cdktf';
import type { Construct } from 'constructs';
import { buildApp } from '../../app/build-app';
import { PolicyAspect } from '../../policies/aspect';
import { formatFinding } from '../../policies/report';
import { SuppressionError, suppress } from '../../policies/suppressions';
import { environment } from '../helpers/synth';

const outdir = () => mkdtempSync(join(tmpdir(), 'lakehouse-policy-'));

/** A storage account that breaks several baseline rules. */
function scratchAccount(scope: Construct, id: string): StorageAccount {
  return new StorageAccount(scope, id, {
    name: `st${id.replace(/-/g, '')}`,
    resourceGroupName: 'rg',
    location: 'westeurope',
    accountTier: 'Standard',
    accountReplicationType: 'LRS',
  });
}

/**
 * One synth of dev, shared: the real stacks plus two scratch accounts in the foundation, one of them with a
 * suppression. (prod is synthesized once below; every environment also goes through tests/e2e.)
 */
let dev: ReturnType<typeof buildApp>;
beforeAll(() => {
  dev = buildApp([environment('dev')], { outdir: outdir() });
  const foundation = dev.environments[0].foundation;
  scratchAccount(foundation, 'scratch');
  suppress(
    scratchAccount(foundation, 'scratch-kept'),
    'diagnostics-present',
    'scratch account for a test, deleted after the run',
  );
  dev.app.synth();
});

describe('the policy packs on the real environments', () => {
  test('dev: every stack checked, no error but on the scratch accounts', () => {
    expect(
      dev.policies.errors.filter((f) => !f.path.startsWith('dev-foundation/scratch')).map(formatFinding),
    ).toEqual([]);
    expect(dev.policies.toJson().checked).toEqual(
      Object.values(dev.environments[0])
        .map((s) => s.node.id)
        .sort(),
    );
  });

  test('prod (with the prod pack): no policy errors', () => {
    const { app, policies } = buildApp([environment('prod')], { outdir: outdir() });
    app.synth();
    expect(policies.errors.map(formatFinding)).toEqual([]);
  });
});

describe('PolicyAspect', () => {
  test('is the last aspect of every stack, after the tags', () => {
    for (const stack of Object.values(dev.environments[0])) {
      const aspects = Aspects.of(stack).all;
      expect(aspects[aspects.length - 1]).toBeInstanceOf(PolicyAspect);
      expect(aspects.length).toBeGreaterThan(1);
    }
  });

  test('finds the violations of an added resource, by construct path', () => {
    const lines = dev.policies.errors.filter((f) => f.path === 'dev-foundation/scratch').map(formatFinding);
    expect(lines).toEqual([
      'policy error [anonymous-access-disabled] dev-foundation/scratch (azurerm_storage_account): containers can be made publicly readable. Fix: set allow_nested_items_to_be_public (allowNestedItemsToBePublic) to false',
      'policy error [diagnostics-present] dev-foundation/scratch (azurerm_storage_account): no diagnostic setting sends its logs and metrics to Log Analytics. Fix: add new Diagnostics(this, ..., { targetResourceId: <resource>.id, logAnalyticsWorkspaceId }) (stacks/constructs/diagnostics.ts)',
      'policy error [local-auth-disabled] dev-foundation/scratch (azurerm_storage_account): shared keys (and account SAS) are accepted. Fix: set shared_access_key_enabled (sharedAccessKeyEnabled) to false',
      "policy error [network-default-deny] dev-foundation/scratch (azurerm_storage_account): the public endpoint allows every network (network_rules.default_action = null). Fix: set network_rules.default_action (networkRules.defaultAction) to 'Deny'",
    ]);
    expect(
      dev.policies.warnings.filter((f) => f.path === 'dev-foundation/scratch').map((f) => f.rule),
    ).toEqual(['storage-recoverable', 'storage-recoverable']);
  });

  test('a suppression with a reason moves the finding to the report, on that resource only', () => {
    expect(
      dev.policies.errors.filter((f) => f.path === 'dev-foundation/scratch-kept').map((f) => f.rule),
    ).toEqual(['anonymous-access-disabled', 'local-auth-disabled', 'network-default-deny']);
    const report = dev.policies.toJson();
    expect(report.suppressed).toEqual([
      expect.objectContaining({
        rule: 'diagnostics-present',
        path: 'dev-foundation/scratch-kept',
        reason: 'scratch account for a test, deleted after the run',
        suppressedAt: 'dev-foundation/scratch-kept',
      }),
    ]);
    expect(report.suppressions).toEqual([
      {
        rule: 'diagnostics-present',
        path: 'dev-foundation/scratch-kept',
        reason: 'scratch account for a test, deleted after the run',
        stack: 'dev-foundation',
        matched: 1,
      },
    ]);
    expect(dev.policies.toMarkdown()).toContain(
      '| `diagnostics-present` | `dev-foundation/scratch-kept` | scratch account for a test, deleted after the run | 1 |',
    );
  });
});

describe('suppress()', () => {
  const vault = () => dev.environments[0].foundation.keyVault.vault;

  test('refuses a suppression without a reason of at least 10 characters', () => {
    expect(() => suppress(vault(), 'public-network-access', '   too short ')).toThrow(SuppressionError);
    expect(() => suppress(vault(), 'public-network-access', 'n/a')).toThrow(
      "policy suppression on dev-foundation/key-vault/vault: rule public-network-access needs a reason of at least 10 characters, got \"n/a\". Fix: say why the rule does not apply to this resource, e.g. suppress(resource, 'public-network-access', 'Databricks manages these rules on its delegated subnets')",
    );
    expect(() => suppress(vault(), 'public-network-access', '')).toThrow(/got ""/);
  });

  test('refuses an unknown rule id', () => {
    expect(() => suppress(vault(), 'no-such-rule', 'a perfectly good reason')).toThrow(
      /^policy suppression on dev-foundation\/key-vault\/vault: unknown rule "no-such-rule"\. Fix: use one of: aks-api-server-access, /,
    );
  });
});
