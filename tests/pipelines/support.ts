/**
 * Shared helpers for the pipeline tests: reading the pipeline YAML (with job/step templates expanded the
 * way Azure Pipelines does for `${{ parameters.x }}`), and running the bash scripts against the fake
 * `terraform`/`kubectl`/`az`/`kubelogin` in `tests/pipelines/fakes`, which record their arguments.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

export const REPO = resolve(__dirname, '..', '..');
export const PIPELINES = join(REPO, 'pipelines');
export const SCRIPTS = join(PIPELINES, 'scripts');
export const FAKES = join(__dirname, 'fakes');

// biome-ignore lint/suspicious/noExplicitAny: pipeline YAML is untyped data; tests assert on its shape.
export type Yaml = any;

export function readYaml(file: string): Yaml {
  return parse(readFileSync(file, 'utf8'));
}

/** `/pipelines/...` is relative to the repository root, anything else to the including file. */
function templatePath(ref: string, includingFile: string): string {
  return ref.startsWith('/') ? join(REPO, ref) : resolve(dirname(includingFile), ref);
}

const WHOLE = /^\$\{\{\s*([\w.]+)\s*\}\}$/;
const INLINE = /\$\{\{\s*([\w.]+)\s*\}\}/g;
const EACH = /^\$\{\{\s*each\s+(\w+)\s+in\s+([\w.]+)\s*\}\}$/;

/** What template expressions can name: `parameters` and the variables of enclosing `${{ each }}` loops. */
type Scope = Record<string, unknown>;

function lookup(scope: Scope, path: string, file: string): unknown {
  let value: unknown = scope;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) {
      throw new Error(`${file}: ${path} is not defined`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Replaces `${{ parameters.x }}` and `${{ loopVar.x }}`, and expands `- ${{ each v in parameters.list }}:`
 * list items; any other template expression is refused so no test passes by accident.
 */
function substitute(value: Yaml, scope: Scope, file: string): Yaml {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(scope, whole[1], file);
    const replaced = value.replace(INLINE, (_m, path: string) => String(lookup(scope, path, file)));
    if (replaced.includes('${{'))
      throw new Error(`${file}: unsupported template expression in ${JSON.stringify(value)}`);
    return replaced;
  }
  if (Array.isArray(value)) return value.flatMap((item) => expandEach(item, scope, file));
  if (value && typeof value === 'object') {
    const out: Record<string, Yaml> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('${{')) throw new Error(`${file}: unsupported template expression key ${key}`);
      out[key] = substitute(item, scope, file);
    }
    return out;
  }
  return value;
}

/** A list item: `${{ each v in list }}: [items]` becomes the items once per element, else the item. */
function expandEach(item: Yaml, scope: Scope, file: string): Yaml[] {
  const keys = item && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : [];
  const each = keys.length === 1 ? EACH.exec(keys[0]) : null;
  if (!each) return [substitute(item, scope, file)];
  const list = lookup(scope, each[2], file);
  if (!Array.isArray(list)) throw new Error(`${file}: ${each[2]} is not a list`);
  return list.flatMap((element) => substitute(item[keys[0]], { ...scope, [each[1]]: element }, file));
}

function withDefaults(file: string, declared: Yaml[] | undefined, passed: Record<string, unknown> = {}) {
  const params: Record<string, unknown> = {};
  for (const p of declared ?? []) {
    if (p.name in passed) params[p.name] = passed[p.name];
    else if ('default' in p) params[p.name] = p.default;
    else throw new Error(`${file}: required parameter ${p.name} not passed`);
  }
  for (const name of Object.keys(passed)) {
    if (!(declared ?? []).some((p: Yaml) => p.name === name))
      throw new Error(`${file}: unknown parameter ${name}`);
  }
  return params;
}

/** Expands `- template:` entries of a stages, jobs or steps list (recursively), returning plain items. */
function expandList(
  items: Yaml[],
  key: 'stages' | 'jobs' | 'steps',
  file: string,
  params: Record<string, unknown>,
): Yaml[] {
  const out: Yaml[] = [];
  for (const item of substitute(items, { parameters: params }, file) as Yaml[]) {
    if (item.template) {
      const path = templatePath(item.template, file);
      const doc = readYaml(path);
      const inner = withDefaults(path, doc.parameters, item.parameters);
      out.push(...expandList(doc[key], key, path, inner));
    } else if (key === 'stages') {
      out.push({ ...item, jobs: expandList(item.jobs, 'jobs', file, params) });
    } else if (key === 'jobs') {
      out.push(expandJob(item, file, params));
    } else {
      out.push(item);
    }
  }
  return out;
}

function expandJob(job: Yaml, file: string, params: Record<string, unknown>): Yaml {
  const expandSteps = (steps: Yaml[]) => expandList(steps, 'steps', file, params);
  if (job.steps) return { ...job, steps: expandSteps(job.steps) };
  const deploy = job.strategy?.runOnce?.deploy;
  if (deploy?.steps) {
    return {
      ...job,
      strategy: { runOnce: { ...job.strategy.runOnce, deploy: { steps: expandSteps(deploy.steps) } } },
    };
  }
  return job;
}

/** A pipeline with its stage, job and step templates expanded, pipeline parameters at their defaults. */
export function expandPipeline(file: string): Yaml {
  const doc = readYaml(file);
  const params = withDefaults(file, doc.parameters);
  return { ...doc, stages: expandList(doc.stages ?? [], 'stages', file, params) };
}

/** The steps a job runs, for a regular job or a runOnce deployment job. */
export function stepsOf(job: Yaml): Yaml[] {
  return job.steps ?? job.strategy?.runOnce?.deploy?.steps ?? [];
}

/** A temp workspace shaped like the build artifact, plus the fakes first on PATH. */
export interface Sandbox {
  readonly dir: string;
  readonly root: string;
  readonly fixtures: string;
  readonly log: string;
  readonly env: NodeJS.ProcessEnv;
  /** The recorded command lines, one per call. */
  calls(): string[];
}

export interface StackFixture {
  readonly name: string;
  readonly deps?: readonly string[];
}

/**
 * Creates `<root>/cdktf.out/manifest.json` in cdktf's format (dependencies as construct paths) and one
 * working directory per stack. Stacks are written in the given order, which tests choose to differ from
 * the dependency order.
 */
export function sandbox(stacks: readonly StackFixture[]): Sandbox {
  const sb = handle(mkdtempSync(join(tmpdir(), 'pipelines-')));
  const bin = join(sb.dir, 'bin');
  for (const d of [sb.root, sb.fixtures, bin]) mkdirSync(d, { recursive: true });
  writeFileSync(sb.log, '');
  const manifest: Yaml = { version: '0.21.0', stacks: {} };
  for (const stack of stacks) {
    manifest.stacks[stack.name] = {
      name: stack.name,
      constructPath: stack.name,
      workingDirectory: `stacks/${stack.name}`,
      synthesizedStackPath: `stacks/${stack.name}/cdk.tf.json`,
      stackMetadataPath: `stacks/${stack.name}/metadata.json`,
      annotations: [],
      dependencies: stack.deps ?? [],
    };
    const dir = join(sb.root, 'cdktf.out', 'stacks', stack.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(stackJson(stack.name)));
    // As Build ships it (lock-providers.sh).
    writeFileSync(join(dir, '.terraform.lock.hcl'), `# providers locked by Build for ${stack.name}\n`);
  }
  writeFileSync(join(sb.root, 'cdktf.out', 'manifest.json'), JSON.stringify(manifest, null, 2));
  for (const fake of ['terraform', 'kubectl', 'az', 'kubelogin']) {
    copyFileSync(join(FAKES, fake), join(bin, fake));
    chmodSync(join(bin, fake), 0o755);
  }
  return sb;
}

/** The state blob key of a sandbox stack, as its backend names it. */
export const stateKey = (stack: string) => `${stack.split('-')[0]}/${stack}.tfstate`;

/** A synthesized stack: an azurerm backend, the azurerm provider, and a few resources. */
export function stackJson(name: string): Yaml {
  const env = name.split('-')[0];
  return {
    terraform: {
      backend: {
        azurerm: {
          storage_account_name: `stlakehousetfstate${env}`,
          container_name: 'tfstate',
          key: stateKey(name),
          use_azuread_auth: true,
        },
      },
      required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '4.55.0' } },
    },
    resource: {
      azurerm_resource_group: { core: {} },
      azurerm_subnet: { a: {}, b: {} },
    },
  };
}

function handle(dir: string): Sandbox {
  const log = join(dir, 'calls.log');
  const fixtures = join(dir, 'fixtures');
  return {
    dir,
    root: join(dir, 'root'),
    fixtures,
    log,
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      HOME: dir,
      FAKE_LOG: log,
      FAKE_FIXTURES: fixtures,
    },
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

/** A copy of a sandbox (after an expensive step such as plan.sh) with an empty call log. */
export function cloneSandbox(sb: Sandbox): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'pipelines-'));
  cpSync(sb.dir, dir, { recursive: true });
  writeFileSync(join(dir, 'calls.log'), '');
  return handle(dir);
}

/** Runs a pipeline script with only the given environment (no TF_BUILD unless a test sets it). */
export function run(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): SpawnSyncReturns<string> {
  return spawnSync('bash', [join(SCRIPTS, script), ...args], { env, encoding: 'utf8' });
}

/** Runs one of the plain-Node helpers under pipelines/scripts. */
export function runNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [join(SCRIPTS, script), ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
}

/** A `terraform show -json` plan with the given resource changes and output changes. */
export function planJson(
  resources: Record<string, string[]> = {},
  outputs: Record<string, string[]> = {},
  extra: Yaml = {},
): string {
  return JSON.stringify({
    format_version: '1.2',
    resource_changes: Object.entries(resources).map(([address, actions]) => ({
      address,
      change: { actions },
    })),
    output_changes: Object.fromEntries(Object.entries(outputs).map(([name, actions]) => [name, { actions }])),
    ...extra,
  });
}

export function writeFixture(sb: Sandbox, name: string, content: string): void {
  writeFileSync(join(sb.fixtures, name), content);
}

/** The charts engineer's fill script, which rollout.sh runs from the build artifact. */
export const FILL_SCRIPT = join(REPO, 'scripts', 'fill-k8s-outputs.mjs');
