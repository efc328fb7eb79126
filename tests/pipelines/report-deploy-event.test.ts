import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCRIPTS, sandbox } from './support';

const SCRIPT = join(SCRIPTS, 'report-deploy-event.sh');

/** Fake `az` (prints a token) and `curl` (keeps its arguments, headers and body); `curlStatus` is its exit code. */
function run(args: string[], env: Record<string, string> = {}, curlStatus = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'report-deploy-event-'));
  writeFileSync(
    join(dir, 'az'),
    `#!/usr/bin/env bash\nprintf "az %s\\n" "$*" >>"$FAKE_DIR/log"\nif [[ "$1 $2" == "storage blob" ]]; then echo "\${FAKE_STATE_EXISTS:-true}"; else echo token-123; fi\n`,
  );
  writeFileSync(
    join(dir, 'curl'),
    `#!/usr/bin/env bash\nprintf 'curl %s\\n' "$*" >>"$FAKE_DIR/log"\nargs=("$@")\nfor ((i = 0; i < \${#args[@]}; i++)); do\n  case "\${args[i]}" in\n    --header) cp "\${args[i + 1]#@}" "$FAKE_DIR/headers" ;;\n    --data-binary) cp "\${args[i + 1]#@}" "$FAKE_DIR/body" ;;\n  esac\ndone\nexit ${curlStatus}\n`,
  );
  chmodSync(join(dir, 'az'), 0o755);
  chmodSync(join(dir, 'curl'), 0o755);
  const result = spawnSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    env: {
      FAKE_DIR: dir,
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
      SYSTEM_TEAMPROJECT: 'lakehouse',
      BUILD_BUILDID: '4711',
      ...env,
      // This file's az and curl first, then what the caller puts on PATH (the sandbox's terraform).
      PATH: `${dir}:${env.PATH ?? process.env.PATH}`,
    },
  });
  const read = (f: string) => {
    try {
      return readFileSync(join(dir, f), 'utf8');
    } catch {
      return '';
    }
  };
  return { ...result, log: read('log'), headers: read('headers'), body: read('body') };
}

const ENDPOINT = 'https://dce-lakehouse-prod-neu-ingestion-abcd.northeurope-1.ingest.monitor.azure.com';

test('posts one row to the Logs Ingestion API with a token from a header file', () => {
  const result = run(
    ['--env', 'prod', '--stage', 'Deploy', '--result', 'failed', '--detail', 'apply "prod-data" failed'],
    { DEPLOY_EVENTS_ENDPOINT: ENDPOINT, DEPLOY_EVENTS_RULE_ID: 'dcr-0123' },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.log).toContain('az account get-access-token --resource https://monitor.azure.com');
  expect(result.log).toContain(
    `${ENDPOINT}/dataCollectionRules/dcr-0123/streams/Custom-LakehouseDeployEvents?api-version=2023-01-01`,
  );
  expect(result.log).not.toContain('token-123'); // never on the command line
  expect(result.headers).toBe('Authorization: Bearer token-123\nContent-Type: application/json\n');
  const [row] = JSON.parse(result.body);
  expect(row).toEqual({
    TimeGenerated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    Environment: 'prod',
    Stage: 'Deploy',
    Result: 'failed',
    RunUrl: 'https://dev.azure.com/contoso/lakehouse/_build/results?buildId=4711',
    Detail: 'apply "prod-data" failed',
  });
});

test('flags win over the environment; a drift result', () => {
  const result = run(
    ['--env', 'dev', '--stage', 'Drift', '--result', 'drift', '--endpoint', ENDPOINT, '--rule-id', 'dcr-9'],
    {},
  );
  expect(result.status).toBe(0);
  expect(JSON.parse(result.body)[0]).toMatchObject({ Stage: 'Drift', Result: 'drift', Detail: '' });
});

test('refuses what it cannot post, saying what to do', () => {
  const plainHttp = run([
    ...['--env', 'dev', '--stage', 'Deploy', '--result', 'failed'],
    ...['--endpoint', 'http://dce.example', '--rule-id', 'x'],
  ]);
  expect(plainHttp.status).toBe(1);
  expect(plainHttp.stderr).toMatch(
    /no https Logs Ingestion endpoint .* deploy_events_endpoint output of dev-operations/,
  );
  const noStack = run([
    '--env',
    'dev',
    '--stage',
    'Deploy',
    '--result',
    'failed',
    '--root',
    mkdtempSync(join(tmpdir(), 'no-stack-')),
  ]);
  expect(noStack.status).toBe(1);
  expect(noStack.stderr).toMatch(
    /cdktf\.out\/stacks\/dev-operations\/cdk\.tf\.json not found: pass --root <the build artifact>/,
  );
  const badResult = run(['--env', 'dev', '--stage', 'Deploy', '--result', 'broken']);
  expect(badResult.stderr).toContain("--result 'broken' is not one of succeeded, failed, drift.");
  const refused = run(
    ['--env', 'dev', '--stage', 'Deploy', '--result', 'failed', '--endpoint', ENDPOINT, '--rule-id', 'x'],
    {},
    22,
  );
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/Monitoring Metrics Publisher on the rule/);
});

describe('in the pipeline: the endpoint and rule from the state of <env>-operations in the build artifact', () => {
  const withOperations = (env: Record<string, string> = {}) => {
    const sb = sandbox([{ name: 'prod-operations' }]);
    writeFileSync(join(sb.fixtures, 'output.deploy_events_endpoint'), ENDPOINT);
    writeFileSync(join(sb.fixtures, 'output.deploy_events_rule_id'), 'dcr-from-state');
    const result = run(['--env', 'prod', '--stage', 'Deploy', '--result', 'failed', '--root', sb.root], {
      ...(sb.env as Record<string, string>),
      PATH: `${join(sb.dir, 'bin')}:${process.env.PATH}`,
      ...env,
    });
    return { ...result, terraform: sb.calls() };
  };

  test('reads both outputs after init with the shipped lock file, then posts', () => {
    const result = withOperations();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.terraform).toEqual(
      expect.arrayContaining([
        'terraform prod-operations init -input=false -lockfile=readonly',
        'terraform prod-operations output -raw deploy_events_endpoint',
        'terraform prod-operations output -raw deploy_events_rule_id',
      ]),
    );
    expect(result.log).toContain(`${ENDPOINT}/dataCollectionRules/dcr-from-state/streams/`);
  });

  test('an environment whose operations layer was never applied: nothing to report to, said plainly', () => {
    const result = withOperations({ FAKE_STATE_EXISTS: 'false' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'prod-operations has not been applied yet: there is no deploy-events rule to report to',
    );
    expect(result.log).not.toContain('curl');
  });
});
