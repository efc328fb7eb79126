import { evaluateStack } from '../../policies/evaluate';
import { evaluateManifests } from '../../policies/kubernetes/evaluate-manifests';
import { ALL_PACKS, MANIFEST_PACKS, TERRAFORM_PACKS } from '../../policies/packs';
import { PolicyReport, renderPolicyMarkdown } from '../../policies/report';
import { SuppressionError } from '../../policies/suppressions';
import { environment } from '../helpers/synth';

/** A stack with one storage account: errors and a warning; one suppression that matches, one that is stale. */
function report(): PolicyReport {
  const r = new PolicyReport(ALL_PACKS);
  const json = {
    resource: {
      azurerm_storage_account: {
        scratch: {
          '//': { metadata: { path: 'dev-data/scratch' } },
          shared_access_key_enabled: false,
          allow_nested_items_to_be_public: false,
          network_rules: { default_action: 'Deny' },
        },
      },
      azurerm_monitor_diagnostic_setting: {
        d: {
          target_resource_id: `\${azurerm_storage_account.scratch.id}`,
          enabled_log: [{ category_group: 'allLogs' }],
        },
      },
    },
  };
  r.add(
    'dev-data',
    evaluateStack(json, {
      stack: 'dev-data',
      config: environment('dev'),
      packs: TERRAFORM_PACKS,
      suppressions: [
        {
          path: 'dev-data/scratch',
          rule: 'storage-recoverable',
          reason: 'scratch data, rebuilt every night',
        },
        { path: 'dev-data/gone', rule: 'tls-minimum', reason: 'the resource was removed since' },
      ],
    }),
  );
  return r;
}

describe('PolicyReport', () => {
  test('JSON: summary, findings sorted, suppressions with what they matched (0: stale)', () => {
    const json = report().toJson();
    expect(json.summary).toEqual({ errors: 0, warnings: 0, suppressed: 2 });
    expect(json.suppressions.map((s) => `${s.rule} ${s.path} ${s.matched}`)).toEqual([
      'tls-minimum dev-data/gone 0',
      'storage-recoverable dev-data/scratch 2',
    ]);
    expect(json.rules.map((r) => r.id)).toEqual([...json.rules.map((r) => r.id)].sort());
  });

  test('a warning is reported, not an error', () => {
    const r = new PolicyReport(ALL_PACKS);
    r.add(
      'dev-data',
      evaluateStack(
        {
          resource: {
            azurerm_storage_account: {
              s: {
                '//': { metadata: { path: 'dev-data/s' } },
                blob_properties: { delete_retention_policy: { days: 7 } },
              },
            },
          },
        },
        { stack: 'dev-data', config: environment('dev'), packs: TERRAFORM_PACKS },
      ),
    );
    expect(r.warnings.map((f) => `${f.rule}: ${f.message}`)).toEqual([
      'storage-recoverable: deleted containers cannot be recovered',
    ]);
    expect(r.errors.map((f) => f.rule)).toEqual([
      'anonymous-access-disabled',
      'diagnostics-present',
      'local-auth-disabled',
      'network-default-deny',
    ]);
    const markdown = r.toMarkdown();
    expect(markdown).toContain('## Errors');
    expect(markdown).toContain(
      '## Warnings\n\n| Rule | Resource | Problem | Fix |\n| --- | --- | --- | --- |\n| `storage-recoverable` | `dev-data/s` | deleted containers cannot be recovered |',
    );
  });

  test('Markdown: deterministic, suppressions listed, stale ones called out', () => {
    const markdown = report().toMarkdown();
    expect(markdown).toBe(renderPolicyMarkdown(report().toJson()));
    expect(markdown).toContain(
      '| `tls-minimum` | `dev-data/gone` | the resource was removed since | 0 (stale: remove it) |',
    );
    expect(
      markdown.startsWith(
        '# Policy report\n\n0 error(s), 0 warning(s), 2 suppressed finding(s) in 1 checked stack(s)',
      ),
    ).toBe(true);
  });
});

describe('manifest suppressions (annotations)', () => {
  const deployment = (annotations: Record<string, string>) => ({
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'ns', annotations },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'app:latest' }] } } },
  });

  test('an annotation with a reason suppresses one rule on that object', () => {
    const result = evaluateManifests(
      [
        {
          file: 'dist/k8s/dev/app.k8s.yaml',
          objects: [
            deployment({
              'policies.azure-lakehouse-kit/k8s-no-latest-image': 'a dev-only image built on every push',
            }),
          ],
        },
      ],
      { config: environment('dev'), packs: MANIFEST_PACKS },
    );
    expect(result.suppressed.map((f) => `${f.rule} ${f.path}`)).toEqual([
      'k8s-no-latest-image k8s/dev/Deployment/ns/app',
    ]);
    expect(result.findings.map((f) => f.rule)).not.toContain('k8s-no-latest-image');
  });

  test('an annotation without a real reason is refused', () => {
    expect(() =>
      evaluateManifests(
        [
          {
            file: 'x.yaml',
            objects: [deployment({ 'policies.azure-lakehouse-kit/k8s-no-latest-image': 'dev' })],
          },
        ],
        { config: environment('dev'), packs: MANIFEST_PACKS },
      ),
    ).toThrow(SuppressionError);
  });
});
