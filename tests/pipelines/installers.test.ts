/**
 * install-kubelogin.sh and install-kubectl.sh against fake curl/az/terraform: pinned versions, checksums
 * verified before anything is installed, no GitHub API call, kubectl of the cluster's own version.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKES, run, sandbox, writeFixture } from './support';

const platform = `${process.platform === 'darwin' ? 'darwin' : 'linux'}_${process.arch === 'x64' ? 'amd64' : 'arm64'}`;
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'installers-'));
  const bin = join(dir, 'bin');
  const downloads = join(dir, 'downloads');
  mkdirSync(bin);
  mkdirSync(downloads);
  for (const fake of ['curl', 'unzip']) {
    copyFileSync(join(FAKES, fake), join(bin, fake));
    chmodSync(join(bin, fake), 0o755);
  }
  writeFileSync(join(dir, 'calls.log'), '');
  writeFileSync(join(dir, 'download'), 'not what was pinned\n');
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: dir,
    FAKE_LOG: join(dir, 'calls.log'),
    FAKE_DOWNLOAD: join(dir, 'download'),
    FAKE_DOWNLOADS: downloads,
  };
  const calls = () => readFileSync(join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean);
  return { dir, downloads, env, calls };
}

describe('install-kubelogin.sh', () => {
  const PINNED: Record<string, string> = {
    linux_amd64: 'cda67158030669963f19abe7c47edbc941d842d18790c599e444998cbab6aae7',
    darwin_amd64: 'b9760091c9ce009015c57e7f04e5587b72ab0c0091fe3b58cf63a05fc9066cf9',
    darwin_arm64: '1cc1f3d257d3e1f14c32a9b4e8740f51deaa9fa48b720e4a91e8621232f15ed2',
  };
  const pinnedHere = platform in PINNED ? test : test.skip;

  pinnedHere(
    'refuses a download that does not match the pinned checksum, without any GitHub API call',
    () => {
      const { dir, env, calls } = setup();
      const result = run('install-kubelogin.sh', ['--dir', join(dir, 'kl')], env);
      expect(result.status).toBe(1);
      const archive = `kubelogin-${platform.replace('_', '-')}.zip`;
      const url = `https://github.com/Azure/kubelogin/releases/download/v0.1.4/${archive}`;
      expect(result.stderr).toContain(
        `checksum mismatch for ${url}: expected ${PINNED[platform]}, got ${sha256('not what was pinned\n')}. Not installed.`,
      );
      expect(calls()).toEqual([`curl ${url}`]);
      expect(existsSync(join(dir, 'kl', 'kubelogin'))).toBe(false);
    },
  );

  test('another version needs its checksum', () => {
    const { dir, env, calls } = setup();
    const result = run('install-kubelogin.sh', ['--version', 'v0.2.13', '--dir', join(dir, 'kl')], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no pinned checksum for kubelogin v0.2.13: set KUBELOGIN_SHA256');
    expect(calls()).toEqual([]);
  });
});

describe('install-node.sh', () => {
  const PINNED: Record<string, string> = {
    linux_amd64: 'df770b2a6f130ed8627c9782c988fda9669fa23898329a61a871e32f965e007d',
    linux_arm64: '73093db209e4e9e09dd7d15a47aeaab1b74833830df03efa5f942a1122c5fa71',
    darwin_amd64: '4d4c020eb534497e616de38f3733289ff33c615ddab38c048edec6547b7f76ea',
    darwin_arm64: '6375a1d4421bc04ab284ba89459df788a78c49c89e83c463d0eede47e2efc07b',
  };

  test('refuses a download that does not match the pinned checksum of Node.js 20.20.2', () => {
    const { dir, env, calls } = setup();
    const result = run('install-node.sh', ['--dir', join(dir, 'node')], env);
    expect(result.status).toBe(1);
    const nodePlatform = platform.replace('_', '-').replace('amd64', 'x64');
    const url = `https://nodejs.org/dist/v20.20.2/node-v20.20.2-${nodePlatform}.tar.xz`;
    expect(result.stderr).toContain(
      `checksum mismatch for ${url}: expected ${PINNED[platform]}, got ${sha256('not what was pinned\n')}. Not installed.`,
    );
    expect(calls()).toEqual([`curl ${url}`]);
    expect(existsSync(join(dir, 'node', 'bin', 'node'))).toBe(false);
  });
});

describe('install-kubectl.sh', () => {
  const KUBECTL = 'kubectl binary\n';
  const os = platform.split('_')[0];
  const arch = platform.split('_')[1];

  test('installs the version the cluster runs, checked against the release checksum', () => {
    const { dir, downloads, env, calls } = setup();
    const sb = sandbox([{ name: 'dev-compute' }]);
    writeFixture(sb, 'output.aks_cluster_name', 'aks-lakehouse-dev');
    writeFixture(sb, 'output.aks_resource_group_name', 'rg-lakehouse-dev-compute');
    writeFileSync(join(downloads, 'kubectl'), KUBECTL);
    writeFileSync(join(downloads, 'kubectl.sha256'), `${sha256(KUBECTL)}\n`);
    const result = run('install-kubectl.sh', ['--env', 'dev', '--root', sb.root, '--dir', join(dir, 'kc')], {
      ...env,
      PATH: `${join(sb.dir, 'bin')}:${env.PATH}`,
      FAKE_FIXTURES: sb.fixtures,
      FAKE_AKS_VERSION: '1.33.2',
      TF_BUILD: 'True',
      SYSTEM_ACCESSTOKEN: 'job-token',
      SYSTEM_OIDCREQUESTURI: 'https://oidc.example/request',
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'sc-id',
      AZURESUBSCRIPTION_CLIENT_ID: 'client-id',
      AZURESUBSCRIPTION_TENANT_ID: 'tenant-id',
    });
    expect(result.status).toBe(0);
    const url = `https://dl.k8s.io/release/v1.33.2/bin/${os}/${arch}/kubectl`;
    expect(calls().filter((c) => c.startsWith('curl'))).toEqual([`curl ${url}.sha256`, `curl ${url}`]);
    expect(calls()).toContain(
      'az aks show --resource-group rg-lakehouse-dev-compute --name aks-lakehouse-dev --query currentKubernetesVersion --output tsv --only-show-errors',
    );
    expect(readFileSync(join(dir, 'kc', 'kubectl'), 'utf8')).toBe(KUBECTL);
    expect(result.stdout).toContain(`##vso[task.prependpath]${join(dir, 'kc')}\n`);
  });

  test('refuses a binary that does not match the release checksum', () => {
    const { dir, downloads, env } = setup();
    writeFileSync(join(downloads, 'kubectl.sha256'), `${sha256('the real one\n')}\n`);
    const result = run('install-kubectl.sh', ['--version', '1.32.6', '--dir', join(dir, 'kc')], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('checksum mismatch for https://dl.k8s.io/release/v1.32.6/bin/');
    expect(existsSync(join(dir, 'kc', 'kubectl'))).toBe(false);
  });
});
