/**
 * rollout.sh, drift.sh and install-terraform.sh against fake terraform/kubectl/az/kubelogin/curl/unzip
 * executables that record their arguments.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKES, FILL_SCRIPT, planJson, run, type Sandbox, sandbox, writeFixture } from './support';

const STACKS = [
  { name: 'dev-compute', deps: ['dev-foundation'] },
  { name: 'dev-data', deps: ['dev-foundation'] },
  { name: 'dev-foundation' },
];
const VALIDATOR_ID = '11111111-aaaa-4aaa-8aaa-111111111111';
const SERVING_ID = '22222222-bbbb-4bbb-8bbb-222222222222';

describe('rollout.sh', () => {
  const manifests = {
    'contract-validator.k8s.yaml': [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  name: contract-validator',
      '  namespace: streaming',
      '  annotations:',
      '    azure.workload.identity/client-id: "<<tf-output:workload_client_ids.contract-validator>>"',
      '---',
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: contract-validator',
      '  namespace: streaming',
      '',
    ].join('\n'),
    'model-serving.k8s.yaml': [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  name: model-serving',
      '  namespace: serving',
      '  annotations:',
      '    azure.workload.identity/client-id: "<<tf-output:workload_client_ids.model-serving>>"',
      '',
    ].join('\n'),
  };

  function withCluster(files: Record<string, string> = manifests): Sandbox {
    const sb = sandbox(STACKS);
    const dist = join(sb.root, 'dist', 'k8s', 'dev');
    mkdirSync(dist, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dist, name), text);
    mkdirSync(join(sb.root, 'scripts'));
    copyFileSync(FILL_SCRIPT, join(sb.root, 'scripts', 'fill-k8s-outputs.mjs'));
    const output = (value: unknown) => ({ sensitive: false, type: 'string', value });
    writeFixture(
      sb,
      'outputs.json',
      JSON.stringify({
        aks_cluster_name: output('aks-lakehouse-dev'),
        aks_resource_group_name: output('rg-lakehouse-dev-compute'),
        workload_client_ids: output({ 'contract-validator': VALIDATOR_ID, 'model-serving': SERVING_ID }),
      }),
    );
    writeFixture(sb, 'output.aks_cluster_name', 'aks-lakehouse-dev');
    writeFixture(sb, 'output.aks_resource_group_name', 'rg-lakehouse-dev-compute');
    writeFixture(
      sb,
      'kubectl-get.txt',
      [
        'ServiceAccount   streaming   contract-validator   <none>',
        'StatefulSet      streaming   contract-validator   1180s',
        'ServiceAccount   serving     model-serving        <none>',
        'StatefulSet      serving     model-serving        <none>',
        '',
      ].join('\n'),
    );
    return sb;
  }

  /** Calls with the script's temp directory written as <work>. */
  function calls(sb: Sandbox): string[] {
    const all = sb.calls();
    const work = /--file (\S+)\/kubeconfig/.exec(all.find((c) => c.startsWith('az aks')) ?? '')?.[1];
    return work ? all.map((c) => c.split(work).join('<work>')) : all;
  }

  const APPLY =
    'kubectl apply --server-side --field-manager=azure-lakehouse-kit --recursive --filename <work>/manifests --prune --applyset=applysets.lakehouse.internal/azure-lakehouse-kit';
  // The cluster-scoped ApplySet parent: its CRD, then the parent itself when it does not exist yet.
  const PARENT = [
    'kubectl apply --server-side --field-manager=azure-lakehouse-kit --filename <work>/applyset-crd.yaml',
    'kubectl wait --for=condition=Established --timeout=60s crd/applysets.lakehouse.internal',
    'kubectl get applysets.lakehouse.internal azure-lakehouse-kit --ignore-not-found --output name',
  ];
  const CREATE_PARENT = 'kubectl create --filename <work>/applyset-parent.yaml';
  const DRY_RUN = `${APPLY} --dry-run=server --output name`;
  const GET =
    'kubectl get --recursive --filename <work>/manifests --no-headers --output custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name,TIMEOUT:.metadata.annotations.azure-lakehouse-kit/rollout-timeout';
  const kubectlCalls = (sb: Sandbox) => calls(sb).filter((c) => c.startsWith('kubectl'));

  test('fills the client ids, gets Entra ID credentials, applies server-side with pruning and waits for each StatefulSet', () => {
    const sb = withCluster();
    const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root], sb.env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(calls(sb).filter((c) => !c.startsWith('env '))).toEqual([
      'terraform dev-compute init -input=false -lockfile=readonly',
      'terraform dev-compute output -json',
      'terraform dev-compute output -raw aks_cluster_name',
      'terraform dev-compute output -raw aks_resource_group_name',
      'az aks get-credentials --resource-group rg-lakehouse-dev-compute --name aks-lakehouse-dev --file <work>/kubeconfig --overwrite-existing --only-show-errors',
      'kubelogin convert-kubeconfig --login azurecli --kubeconfig <work>/kubeconfig',
      ...PARENT,
      CREATE_PARENT,
      // The fake refuses --applyset without KUBECTL_APPLYSET=true, as kubectl 1.31 does.
      DRY_RUN,
      APPLY,
      GET,
      // Its own budget when larger than --timeout (10m), otherwise --timeout.
      'kubectl rollout status statefulset/contract-validator --namespace streaming --timeout 1180s',
      'kubectl rollout status statefulset/model-serving --namespace serving --timeout 600s',
    ]);
    const applied = readdirSync(join(sb.fixtures, 'applied'))
      .map((f) => readFileSync(join(sb.fixtures, 'applied', f), 'utf8'))
      .join('\n');
    expect(applied).toContain(`azure.workload.identity/client-id: "${VALIDATOR_ID}"`);
    expect(applied).toContain(`azure.workload.identity/client-id: "${SERVING_ID}"`);
    expect(applied).not.toContain('<<tf-output:');
    expect(result.stdout).toContain('All StatefulSets of dev are rolled out.');
    // The parent carries the ID kubectl computes for applysets.lakehouse.internal/azure-lakehouse-kit
    // (base64url of sha256("azure-lakehouse-kit..ApplySet.lakehouse.internal")), which kubectl checks.
    const id = createHash('sha256')
      .update('azure-lakehouse-kit..ApplySet.lakehouse.internal')
      .digest('base64url');
    const parent = readFileSync(join(sb.fixtures, 'created', 'applyset-parent.yaml'), 'utf8');
    expect(parent).toContain(`applyset.kubernetes.io/id: applyset-${id}-v1`);
    expect(parent).toContain('applyset.kubernetes.io/tooling: kubectl/v1.31.0');
    expect(parent).toContain('applyset.kubernetes.io/contains-group-kinds: ""');
    const crd = readFileSync(join(sb.fixtures, 'applied', 'applyset-crd.yaml'), 'utf8');
    expect(crd).toContain('applyset.kubernetes.io/is-parent-type: "true"');
    expect(crd).toContain('scope: Cluster');
  });

  test('an existing ApplySet parent is left as kubectl keeps it', () => {
    const sb = withCluster();
    writeFixture(sb, 'applyset-parent.txt', 'applyset.lakehouse.internal/azure-lakehouse-kit\n');
    const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root], sb.env);
    expect(result.status).toBe(0);
    expect(kubectlCalls(sb).slice(0, 4)).toEqual([...PARENT, DRY_RUN]);
  });

  test('fails when a StatefulSet does not become ready, after waiting for all and showing why', () => {
    const sb = withCluster();
    const result = run(
      'rollout.sh',
      ['--env', 'dev', '--root', sb.root, '--timeout', '20m', '--force-conflicts'],
      {
        ...sb.env,
        FAKE_ROLLOUT_FAIL: 'contract-validator',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'error: rollout did not become ready in time: streaming/contract-validator (1200s)',
    );
    expect(kubectlCalls(sb).filter((c) => c !== GET)).toEqual([
      ...PARENT,
      CREATE_PARENT,
      `${APPLY} --force-conflicts --dry-run=server --output name`,
      `${APPLY} --force-conflicts`,
      'kubectl rollout status statefulset/contract-validator --namespace streaming --timeout 1200s',
      'kubectl get pods --namespace streaming --output wide',
      'kubectl get events --namespace streaming --sort-by .lastTimestamp',
      'kubectl rollout status statefulset/model-serving --namespace serving --timeout 1200s',
    ]);
  });

  test('a --timeout that is not a duration is refused before anything runs', () => {
    const sb = withCluster();
    const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root, '--timeout', '-5m'], sb.env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--timeout -5m is not a duration');
    expect(sb.calls()).toEqual([]);
  });

  describe('pruning', () => {
    const prune = (sb: Sandbox, lines: string[]) =>
      writeFixture(sb, 'kubectl-prune.txt', lines.map((l) => `${l} pruned (server dry run)\n`).join(''));

    test('objects the manifests no longer hold are deleted by the apply and named in the log', () => {
      const sb = withCluster();
      prune(sb, ['networkpolicy.networking.k8s.io/model-serving-ingress', 'service/old-headless']);
      const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root], sb.env);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(
        'the rollout deletes networkpolicy.networking.k8s.io/model-serving-ingress: the manifests of dev no longer hold it.',
      );
      expect(result.stdout).toContain('the rollout deletes service/old-headless');
      // Neither holds claims: nothing else is asked, and the apply prunes.
      expect(kubectlCalls(sb).slice(4, 6)).toEqual([DRY_RUN, APPLY]);
    });

    test('a removed namespace that holds claims stops the rollout before anything is applied', () => {
      const sb = withCluster();
      prune(sb, ['namespace/serving', 'statefulset.apps/model-serving']);
      writeFixture(
        sb,
        'pvcs.serving.txt',
        'persistentvolumeclaim/data-model-serving-0\npersistentvolumeclaim/data-model-serving-1\n',
      );
      writeFixture(sb, 'statefulsets.model-serving.txt', 'serving   Retain\n');
      const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root], sb.env);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        'warning: pruning deletes volume claims: namespace serving holds 2 volume claim(s): persistentvolumeclaim/data-model-serving-0 persistentvolumeclaim/data-model-serving-1',
      );
      expect(result.stderr).toContain('error: nothing was applied: pruning would delete volume claims');
      expect(kubectlCalls(sb).slice(4)).toEqual([
        DRY_RUN,
        'kubectl get persistentvolumeclaims --namespace serving --output name',
        'kubectl get statefulsets --all-namespaces --field-selector metadata.name=model-serving --no-headers --output custom-columns=NAMESPACE:.metadata.namespace,WHEN_DELETED:.spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
      ]);
      // Only the parent's CRD was applied; not one manifest.
      expect(readdirSync(join(sb.fixtures, 'applied'))).toEqual(['applyset-crd.yaml']);
    });

    test('a removed StatefulSet whose claims go with it (whenDeleted: Delete) stops the rollout', () => {
      const sb = withCluster();
      prune(sb, ['statefulset.apps/model-serving']);
      writeFixture(sb, 'statefulsets.model-serving.txt', 'serving   Delete\n');
      const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root], sb.env);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        'pruning deletes volume claims: statefulset serving/model-serving takes its volume claims with it (whenDeleted: Delete)',
      );
      expect(kubectlCalls(sb)).not.toContain(APPLY);
    });

    test('a removed StatefulSet that retains its claims is pruned; the claims stay', () => {
      const sb = withCluster();
      prune(sb, ['statefulset.apps/model-serving']);
      writeFixture(sb, 'statefulsets.model-serving.txt', 'serving   Retain\n');
      const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root], sb.env);
      expect(result.status).toBe(0);
      expect(kubectlCalls(sb)).toContain(APPLY);
      expect(kubectlCalls(sb).some((c) => c.includes('delete'))).toBe(false);
    });

    test('--allow-claim-deletion lets the apply prune them, with a warning each', () => {
      const sb = withCluster();
      prune(sb, ['namespace/serving']);
      writeFixture(sb, 'pvcs.serving.txt', 'persistentvolumeclaim/data-model-serving-0\n');
      const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root, '--allow-claim-deletion'], sb.env);
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(
        'warning: pruning deletes volume claims: namespace serving holds 1 volume claim(s)',
      );
      expect(kubectlCalls(sb).slice(4, 7)).toEqual([
        DRY_RUN,
        'kubectl get persistentvolumeclaims --namespace serving --output name',
        APPLY,
      ]);
    });
  });

  test('a placeholder without a Terraform output stops the rollout before anything is applied', () => {
    const sb = withCluster({
      'x.k8s.yaml':
        'kind: ServiceAccount\nmetadata:\n  annotations:\n    id: <<tf-output:workload_client_ids.unknown>>\n',
    });
    const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root], sb.env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('could not fill the manifests of dev from the outputs of dev-compute');
    expect(calls(sb).filter((c) => /^(kubectl|az|kubelogin) /.test(c))).toEqual([]);
  });

  test('is skipped with a warning when this run deferred the compute stack', () => {
    const sb = withCluster();
    const plans = join(sb.dir, 'plans');
    mkdirSync(plans);
    writeFileSync(
      join(plans, 'index.tsv'),
      'dev-foundation\tchanges\tabc\t\ndev-compute\tdeferred\t\twaits for dev-foundation\n',
    );
    const result = run('rollout.sh', ['--env', 'dev', '--root', sb.root, '--plans', plans], {
      ...sb.env,
      TF_BUILD: 'True',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '##vso[task.logissue type=warning]rollout to dev skipped: dev-compute was deferred',
    );
    expect(result.stdout).toContain('##vso[task.complete result=SucceededWithIssues;]');
    expect(sb.calls()).toEqual([]);
  });
});

describe('drift.sh', () => {
  const drift = (sb: Sandbox, env: NodeJS.ProcessEnv = {}) =>
    run('drift.sh', ['--env', 'dev', '--root', sb.root, '--out', join(sb.dir, 'drift')], {
      ...sb.env,
      ...env,
    });

  test('plans every stack with -detailed-exitcode and fails with a summary of what drifted', () => {
    const sb = sandbox(STACKS);
    writeFixture(
      sb,
      'dev-data.plan.json',
      planJson(
        { 'azurerm_storage_account.lake': ['update'] },
        {},
        {
          resource_drift: [{ address: 'azurerm_storage_account.lake', change: { actions: ['update'] } }],
        },
      ),
    );
    const result = drift(sb);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'error: dev differs from main in: dev-data; failed to check: none. See the summary for what changed.',
    );
    const out = join(sb.dir, 'drift');
    expect(sb.calls().filter((c) => / (plan|show) /.test(c))).toEqual([
      `terraform dev-foundation plan -input=false -lock=false -detailed-exitcode -out=${out}/dev-foundation.tfplan`,
      `terraform dev-compute plan -input=false -lock=false -detailed-exitcode -out=${out}/dev-compute.tfplan`,
      `terraform dev-data plan -input=false -lock=false -detailed-exitcode -out=${out}/dev-data.tfplan`,
      `terraform dev-data show -json ${out}/dev-data.tfplan`,
    ]);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('| `dev-foundation` | in sync |');
    expect(summary).toContain('| `dev-data` | DRIFT | 0 | 1 | 0 | 0 |  |');
    expect(summary).toContain('Changed outside Terraform:\n- update `azurerm_storage_account.lake`');
  });

  test('passes when every stack matches', () => {
    const sb = sandbox(STACKS);
    const result = drift(sb);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('drift=false\n');
    expect(result.stdout).toContain('dev matches main.');
  });

  test('a stack that cannot be planned fails the run, and the other stacks are still checked', () => {
    const sb = sandbox(STACKS);
    const result = drift(sb, { FAKE_FAIL: 'plan:dev-foundation' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('failed to check: dev-foundation');
    expect(sb.calls().filter((c) => c.includes(' plan '))).toHaveLength(3);
    expect(readFileSync(join(sb.dir, 'drift', 'summary.md'), 'utf8')).toContain(
      '| `dev-foundation` | ERROR |  |  |  |  | terraform plan exited with 1 |',
    );
  });
});

describe('install-terraform.sh', () => {
  const platform = `${process.platform === 'darwin' ? 'darwin' : 'linux'}_${process.arch === 'x64' ? 'amd64' : 'arm64'}`;
  // HashiCorp's terraform_1.11.4_SHA256SUMS.
  const PINNED: Record<string, string> = {
    linux_amd64: '1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc',
    linux_arm64: 'a43d1d0da9b9bab214a8305a39db0e40869572594ccf50c416a7756499143633',
    darwin_amd64: 'a56d5002b9f7647291faccc3dd1a70350e60fb61e4c45037629508b8fdc2575b',
    darwin_arm64: '867e0808fa971217043e25b7a792b10720c79b1546f8a68479b74f138be73e18',
  };
  const ARCHIVE = 'not really a zip\n';
  const archiveSha = createHash('sha256').update(ARCHIVE).digest('hex');

  function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'install-terraform-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const fake of ['curl', 'unzip']) {
      copyFileSync(join(FAKES, fake), join(bin, fake));
      chmodSync(join(bin, fake), 0o755);
    }
    writeFileSync(join(dir, 'archive.zip'), ARCHIVE);
    writeFileSync(join(dir, 'calls.log'), '');
    const install = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      run('install-terraform.sh', ['--dir', join(dir, 'tf'), ...args], {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: dir,
        FAKE_LOG: join(dir, 'calls.log'),
        FAKE_DOWNLOAD: join(dir, 'archive.zip'),
        ...env,
      });
    const calls = () => readFileSync(join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean);
    return { dir, install, calls };
  }

  test('downloads the pinned 1.11.4 and refuses an archive that does not match its published checksum', () => {
    const { dir, install, calls } = setup();
    const result = install([], { FAKE_TERRAFORM_VERSION: '1.11.4' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `checksum mismatch for https://releases.hashicorp.com/terraform/1.11.4/terraform_1.11.4_${platform}.zip: expected ${PINNED[platform]}, got ${archiveSha}. Not installed.`,
    );
    expect(calls()).toEqual([
      `curl https://releases.hashicorp.com/terraform/1.11.4/terraform_1.11.4_${platform}.zip`,
    ]);
    expect(existsSync(join(dir, 'tf', 'terraform'))).toBe(false);
  });

  test('installs another version only with its checksum, and puts it on the agent PATH', () => {
    const { dir, install, calls } = setup();
    const refused = install(['--version', '1.12.0']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `no pinned checksum for Terraform 1.12.0: set TERRAFORM_SHA256 to the ${platform} line of https://releases.hashicorp.com/terraform/1.12.0/terraform_1.12.0_SHA256SUMS.`,
    );
    expect(calls()).toEqual([]);

    const env = { TERRAFORM_SHA256: archiveSha, FAKE_TERRAFORM_VERSION: '1.12.0', TF_BUILD: 'True' };
    const result = install(['--version', '1.12.0'], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`##vso[task.prependpath]${join(dir, 'tf')}\n`);
    expect(spawnSync(join(dir, 'tf', 'terraform'), ['version'], { encoding: 'utf8' }).stdout).toBe(
      'Terraform v1.12.0\n',
    );

    // Already there: nothing downloaded again.
    expect(install(['--version', '1.12.0'], env).status).toBe(0);
    expect(calls().filter((c) => c.startsWith('curl'))).toHaveLength(1);
  });

  test.each(['1.10.5', '1.11.0', '1.11.1'])(
    'refuses %s: the azurerm backend authenticates with an Azure DevOps service connection from 1.11.2',
    (version) => {
      const { install, calls } = setup();
      const result = install(['--version', version], { TERRAFORM_SHA256: archiveSha });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Terraform ${version} is too old: 1.11.2 or later is needed`);
      expect(calls()).toEqual([]);
    },
  );

  test('accepts 1.11.2', () => {
    const { install } = setup();
    const env = { TERRAFORM_SHA256: archiveSha, FAKE_TERRAFORM_VERSION: '1.11.2' };
    expect(install(['--version', '1.11.2'], env).status).toBe(0);
  });
});
