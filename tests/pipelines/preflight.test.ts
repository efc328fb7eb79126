import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../app/build-app';
import { loadEnvironments } from '../../config/load';
import { SCRIPTS } from './support';

const PREFLIGHT = join(SCRIPTS, 'preflight.js');

// One synth of every environment for the whole file, as the pipeline's build artifact has it.
const outdir = mkdtempSync(join(tmpdir(), 'lakehouse-preflight-'));
buildApp(loadEnvironments({}), { outdir }).app.synth();

// The script is plain CommonJS so the pipeline runs it without a build step.
const script = require(PREFLIGHT) as {
  main: (argv: string[], io: { out: { write(s: string): void }; err: { write(s: string): void } }) => number;
};

/** The offline part in-process (no Azure, no child process). */
function offline(args: string[], dir = outdir) {
  let stdout = '';
  let stderr = '';
  const code = script.main(['--outdir', dir, ...args], {
    out: { write: (t) => (stdout += t) },
    err: { write: (t) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

/** Runs the script as the pipeline does: plain node, the synth output, `az` from PATH. */
function preflight(args: string[], env: Record<string, string> = {}, dir = outdir) {
  const result = spawnSync('node', [PREFLIGHT, '--outdir', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fake `az` whose answers come from environment variables; it logs its arguments to $FAKE_LOG. */
function fakeAz(): { path: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), 'fake-az-'));
  const log = join(bin, 'az.log');
  writeFileSync(
    join(bin, 'az'),
    `#!/usr/bin/env bash
set -euo pipefail
printf 'az %s\\n' "$*" >>"$FAKE_LOG"
case "$1 $2" in
  "provider show")
    if [[ " \${FAKE_UNREGISTERED:-} " == *" $4 "* ]]; then echo NotRegistered; else echo Registered; fi ;;
  "feature show") echo "\${FAKE_FEATURE_STATE:-Registered}" ;;
  "rest --method") echo "\${FAKE_COSMOS_AZ:-true}" ;;
  "vm list-usage")
    printf '[{"name":{"value":"standardDSv5Family"},"currentValue":8,"limit":%s},{"name":{"value":"cores"},"currentValue":8,"limit":%s}]\\n' "\${FAKE_DSV5_LIMIT:-350}" "\${FAKE_CORES_LIMIT:-350}" ;;
  *) echo "unexpected az $*" >&2; exit 3 ;;
esac
`,
  );
  chmodSync(join(bin, 'az'), 0o755);
  return { path: `${bin}:${process.env.PATH}`, log };
}

describe('preflight, offline: what each environment needs, from its synthesized stacks', () => {
  const needs = (env: string) => JSON.parse(offline(['--env', env, '--json']).stdout);

  test.each(['dev', 'test', 'prod'])(
    '%s: every resource provider of its resource types, no unknown type',
    (env) => {
      const result = needs(env);
      const namespaces = result.providers.map((p: { namespace: string }) => p.namespace);
      expect(namespaces).toEqual(
        expect.arrayContaining([
          'Microsoft.ContainerService',
          'Microsoft.DocumentDB',
          'Microsoft.EventHub',
          'Microsoft.Synapse',
          'Microsoft.Databricks',
          'Microsoft.KeyVault',
          'Microsoft.Storage',
          'Microsoft.Network',
          'Microsoft.ManagedIdentity',
          'Microsoft.OperationalInsights',
          'Microsoft.Insights',
          'Microsoft.PolicyInsights',
          'Microsoft.DevCenter',
          'Microsoft.DevOpsInfrastructure',
        ]),
      );
      expect(result.unknownTypes).toEqual([]);
      // Host encryption is on in prod only (aks.hostEncryption): only prod needs the feature registration.
      expect(result.features).toEqual(
        env === 'prod'
          ? [
              {
                feature: 'EncryptionAtHost',
                namespace: 'Microsoft.Compute',
                why: ['default', 'workz1', 'workz2', 'workz3'].map(
                  (p) => `node pool ${p} has host_encryption_enabled`,
                ),
              },
            ]
          : [],
      );
    },
  );

  test('prod: Cosmos DB zone access per zone-redundant region; vCPU quota from the node pools maxima', () => {
    const capacity = needs('prod').capacity;
    expect(
      capacity
        .filter((c: { kind: string }) => c.kind === 'cosmos-zone-access')
        .map((c: { location: string }) => c.location)
        .sort(),
    ).toEqual(['northeurope', 'westeurope']);
    // system Standard_D4s_v5 × (5+1) + one user pool per zone, Standard_D8s_v5 × (4+1) each = 24 + 3 × 40
    expect(capacity).toContainEqual(
      expect.objectContaining({
        kind: 'vcpu-quota',
        family: 'standardDSv5Family',
        location: 'northeurope',
        vcpus: 144,
      }),
    );
    expect(capacity).toContainEqual(expect.objectContaining({ family: 'cores', vcpus: 144 }));
    expect(needs('dev').capacity.some((c: { kind: string }) => c.kind === 'cosmos-zone-access')).toBe(false);
  });

  test('host encryption on a node pool adds the EncryptionAtHost feature registration', () => {
    const copy = mkdtempSync(join(tmpdir(), 'lakehouse-preflight-hostenc-'));
    cpSync(outdir, copy, { recursive: true });
    const file = join(copy, 'stacks', 'dev-compute', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    for (const pool of Object.values(json.resource.azurerm_kubernetes_cluster_node_pool) as Record<
      string,
      unknown
    >[])
      pool.host_encryption_enabled = true;
    writeFileSync(file, JSON.stringify(json));
    const result = JSON.parse(offline(['--env', 'dev', '--json'], copy).stdout);
    expect(result.features).toEqual([
      {
        namespace: 'Microsoft.Compute',
        feature: 'EncryptionAtHost',
        why: ['node pool workloads has host_encryption_enabled'],
      },
    ]);
  });

  test('readable list; bad arguments name the fix', () => {
    const { code, stdout } = preflight(['--env', 'prod']);
    expect(code).toBe(0);
    expect(stdout).toContain('Resource providers:');
    expect(stdout).toMatch(/Cosmos DB availability zones in northeurope/);
    expect(offline(['--env', 'qa']).stderr).toMatch(
      /no stacks of environment 'qa'.*it has: dev, prod, test\)/,
    );
    expect(offline([]).code).toBe(2);
  });
});

describe('preflight --check: asks Azure through az (a fake on PATH)', () => {
  test('everything in place: exit 0; only read-only az calls', () => {
    const az = fakeAz();
    const { code, stdout } = preflight(['--env', 'prod', '--check'], { PATH: az.path, FAKE_LOG: az.log });
    expect(code).toBe(0);
    expect(stdout).toContain('every prerequisite is in place');
    const calls = readFileSync(az.log, 'utf8').trim().split('\n');
    expect(calls).toContain(
      'az provider show --namespace Microsoft.DocumentDB --query registrationState -o tsv',
    );
    expect(calls.some((c) => c.includes('Microsoft.DocumentDB/locations/northeurope'))).toBe(true);
    expect(calls).toContain('az vm list-usage --location northeurope -o json');
    expect(calls.filter((c) => / register|create|update|delete/.test(c))).toEqual([]);
  });

  test('missing registration, zone access and quota: exit 1, one line each with the command that fixes it', () => {
    const az = fakeAz();
    const { code, stderr } = preflight(['--env', 'prod', '--check'], {
      PATH: az.path,
      FAKE_LOG: az.log,
      FAKE_UNREGISTERED: 'Microsoft.Synapse Microsoft.PolicyInsights',
      FAKE_COSMOS_AZ: 'false',
      FAKE_DSV5_LIMIT: '100',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'resource provider Microsoft.Synapse: NotRegistered. Fix: az provider register --namespace Microsoft.Synapse',
    );
    expect(stderr).toContain('resource provider Microsoft.PolicyInsights: NotRegistered');
    expect(stderr).toMatch(
      /Cosmos DB availability zones in northeurope .*no region access for availability zones\. Fix: request region access/,
    );
    expect(stderr).toMatch(/144 vCPUs of standardDSv5Family in northeurope.*the limit is 100 \(in use: 8\)/);
    expect(stderr).not.toContain('cores in northeurope');
  });

  test('a feature that is not registered yet (host encryption)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'lakehouse-preflight-feature-'));
    cpSync(outdir, copy, { recursive: true });
    const file = join(copy, 'stacks', 'dev-compute', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    for (const cluster of Object.values(json.resource.azurerm_kubernetes_cluster) as {
      default_node_pool: Record<string, unknown>;
    }[])
      cluster.default_node_pool.host_encryption_enabled = true;
    writeFileSync(file, JSON.stringify(json));
    const az = fakeAz();
    const { code, stderr } = preflight(
      ['--env', 'dev', '--check'],
      { PATH: az.path, FAKE_LOG: az.log, FAKE_FEATURE_STATE: 'Registering' },
      copy,
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      'feature Microsoft.Compute/EncryptionAtHost (node pool default has host_encryption_enabled): Registering. Fix: az feature register --namespace Microsoft.Compute --name EncryptionAtHost',
    );
  });
});
