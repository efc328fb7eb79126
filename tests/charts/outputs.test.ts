import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderManifests, writeManifestFiles } from '../../charts/manifests';
import {
  CLIENT_IDS_OUTPUT,
  clientIdPlaceholder,
  clientIdsFromOutputs,
  OutputsError,
  PLACEHOLDER,
  readClientIds,
} from '../../charts/outputs';
import { testOutputs } from '../helpers/outputs';
import { environment } from './synth';

const ROOT = resolve(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'fill-k8s-outputs.mjs');
const IDS = {
  'contract-validator': '11111111-2222-4333-8444-555555555555',
  'model-serving': '66666666-7777-4888-9999-aaaaaaaaaaaa',
};
/** `terraform output -json` of a compute stack. */
const OUTPUTS = {
  aks_cluster_name: { sensitive: false, type: 'string', value: 'aks-lakehouse-dev-weu' },
  [CLIENT_IDS_OUTPUT]: { sensitive: false, type: ['map', 'string'], value: IDS },
};

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'k8s-outputs-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
// The script tests start Node child processes.
jest.setTimeout(15_000);

/** Fresh offline manifests of dev in a folder of their own. */
function offlineManifests(label: string): string {
  const dir = join(work, label);
  writeManifestFiles(dir, renderManifests([environment('dev')]));
  return join(dir, 'dev');
}

function writeJson(name: string, value: unknown): string {
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

function fill(...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const placeholdersIn = (dir: string): string[] =>
  readdirSync(dir).flatMap((file) =>
    [...readFileSync(join(dir, file), 'utf8').matchAll(PLACEHOLDER)].map((m) => m[0]),
  );

describe('offline synth', () => {
  test('marks each client id with an obvious placeholder', () => {
    expect(placeholdersIn(offlineManifests('offline')).sort()).toEqual([
      '<<tf-output:workload_client_ids.contract-validator>>',
      '<<tf-output:workload_client_ids.model-serving>>',
    ]);
    expect(clientIdPlaceholder('model-serving')).toBe('<<tf-output:workload_client_ids.model-serving>>');
  });
});

describe('reading --outputs', () => {
  const configs = [environment('dev')];

  test('returns the client id of every workload', () => {
    expect(readClientIds(writeJson('outputs.json', OUTPUTS), configs)).toEqual(IDS);
  });

  test('names every missing or malformed id in one error', () => {
    const bad = { [CLIENT_IDS_OUTPUT]: { value: { 'model-serving': 'not-a-guid' } } };
    expect(() => clientIdsFromOutputs(bad, configs, 'o.json')).toThrow(
      new OutputsError(
        '--outputs o.json: workload_client_ids.contract-validator is missing; workload_client_ids.model-serving = "not-a-guid" is not a client id (GUID). Fix: apply the compute stack of this environment, then run \'terraform output -json\' again',
      ),
    );
  });

  test('refuses outputs of another stack and unreadable files', () => {
    expect(() => clientIdsFromOutputs({ aks_cluster_name: { value: 'x' } }, configs)).toThrow(
      /no output workload_client_ids with a map value/,
    );
    writeFileSync(join(work, 'broken.json'), '{');
    expect(() => readClientIds(join(work, 'broken.json'), configs)).toThrow(/cannot be read as JSON/);
  });
});

describe('scripts/fill-k8s-outputs.mjs', () => {
  test('replaces every placeholder and writes into --out', () => {
    const manifests = offlineManifests('fill');
    const out = join(work, 'filled');
    const result = fill('--manifests', manifests, '--outputs', writeJson('fill.json', OUTPUTS), '--out', out);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(placeholdersIn(out)).toEqual([]);
    const serving = readFileSync(join(out, 'model-serving.k8s.yaml'), 'utf8');
    expect(serving).toContain(`azure.workload.identity/client-id: "${IDS['model-serving']}"\n`);
    // The input stays as it was.
    expect(placeholdersIn(manifests)).toHaveLength(2);
  });

  test('the filled files are what --outputs writes at synth time', () => {
    const out = join(work, 'same');
    fill(
      '--manifests',
      offlineManifests('same-offline'),
      '--outputs',
      writeJson('same.json', OUTPUTS),
      '--out',
      out,
    );
    const synthesized = renderManifests([environment('dev')], { clientIds: IDS });
    for (const [path, text] of synthesized)
      expect(readFileSync(join(out, path.slice('dev/'.length)), 'utf8')).toBe(text);
  });

  test('refuses manifests that would keep a placeholder, and writes nothing', () => {
    const manifests = offlineManifests('partial');
    const partial = { [CLIENT_IDS_OUTPUT]: { value: { 'contract-validator': IDS['contract-validator'] } } };
    const result = fill('--manifests', manifests, '--outputs', writeJson('partial.json', partial));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'model-serving.k8s.yaml: <<tf-output:workload_client_ids.model-serving>> is not filled (no output workload_client_ids.model-serving)',
    );
    expect(result.stderr).toContain('refused: 1 placeholder(s) left; nothing was written.');
    expect(placeholdersIn(manifests)).toHaveLength(2);
  });

  test('deploy-mode check without outputs: placeholders refused, filled manifests accepted', () => {
    const offline = fill('--manifests', offlineManifests('check'));
    expect(offline.status).toBe(1);
    expect(offline.stderr.split('\n').filter((l) => l.includes('is not filled'))).toHaveLength(2);
    const done = join(work, 'check-filled');
    writeManifestFiles(done, renderManifests([environment('dev')], { clientIds: IDS }));
    expect(fill('--manifests', join(done, 'dev'))).toMatchObject({ status: 0 });
  });

  test('refuses a value that could change the YAML around it', () => {
    const evil = { [CLIENT_IDS_OUTPUT]: { value: { ...IDS, 'model-serving': 'x\nkind: Secret' } } };
    const result = fill('--manifests', offlineManifests('evil'), '--outputs', writeJson('evil.json', evil));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is not a plain identifier');
  });

  test('usage errors exit 2', () => {
    expect(fill('--outputs', 'x.json').status).toBe(2);
    expect(fill('--manifests', join(work, 'missing')).status).toBe(2);
  });

  test('uses the same placeholder grammar as charts/outputs.ts', () => {
    const script = readFileSync(SCRIPT, 'utf8');
    expect(script).toContain(`const PLACEHOLDER = ${PLACEHOLDER.toString()};`);
  });
});

test('npm run synth -- --outputs fills the client ids (main.ts)', () => {
  const out = testOutputs('outputs-main');
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      './scripts/register-ts.cjs',
      'main.ts',
      '--env',
      'dev',
      '--outputs',
      writeJson('main.json', OUTPUTS),
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...out.env },
    },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(readdirSync(out.k8sOut)).toEqual(['dev']);
  expect(placeholdersIn(join(out.k8sOut, 'dev'))).toEqual([]);
  expect(readFileSync(join(out.k8sOut, 'dev', 'contract-validator.k8s.yaml'), 'utf8')).toContain(
    `azure.workload.identity/client-id: "${IDS['contract-validator']}"\n`,
  );
}, 30_000); // a full synth of one environment in a child process: seconds on a busy 2-core machine
