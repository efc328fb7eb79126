import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { EnvironmentConfig } from '../environments/schema';
import { loadContracts } from './contracts/load';
import { ConfigError, type ConfigProblem } from './problems';
import { checkDefenderPlanOwners } from './rules/operations';
import { validateEnvironment } from './validate';

/**
 * The folder that holds one file per environment. `LAKEHOUSE_ENVIRONMENTS_DIR` points elsewhere: the tests use it
 * to run the real entry point on broken or generated environments, and the benchmark on 30 generated ones.
 */
export const ENVIRONMENTS_DIR = process.env.LAKEHOUSE_ENVIRONMENTS_DIR
  ? resolve(process.env.LAKEHOUSE_ENVIRONMENTS_DIR)
  : join(__dirname, '..', 'environments');

/** Files in the environments folder that are not environments. */
const NOT_AN_ENVIRONMENT = /^(schema\.ts|_.*|.*\.d\.ts|.*\.test\.ts)$/;

export interface LoadOptions {
  /** @default ENVIRONMENTS_DIR */
  readonly dir?: string;
  /** Environment names asked for (e.g. from `--env`). @default - all of them */
  readonly only?: readonly string[];
}

/** The environment files in a folder, by environment name (the file name without `.ts`). */
export function discoverEnvironmentFiles(dir: string = ENVIRONMENTS_DIR): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir).sort()) {
    if (entry.endsWith('.ts') && !NOT_AN_ENVIRONMENT.test(entry))
      files.set(entry.slice(0, -3), join(dir, entry));
  }
  return files;
}

/**
 * Loads and validates the data contracts and every environment file, and returns the environments asked for.
 * Throws one `ConfigError` listing every problem of every file; nothing has been written when it throws.
 */
export function loadEnvironments(options: LoadOptions = {}): EnvironmentConfig[] {
  const dir = options.dir ?? ENVIRONMENTS_DIR;
  const files = discoverEnvironmentFiles(dir);
  // The data contracts first: the environments refer to them by domain name (config/rules/contracts.ts).
  const problems: ConfigProblem[] = [...loadContracts().problems];
  const configs = new Map<string, EnvironmentConfig>();
  const fileOfName = new Map<string, string>();
  const loadedFiles = new Map<string, { file: string; config: EnvironmentConfig }>();

  for (const [fileName, path] of files) {
    const shown = relative(process.cwd(), path) || path;
    const loaded = requireDefault(path);
    if (loaded.error !== undefined) {
      problems.push({
        file: shown,
        path: '',
        value: undefined,
        message: `cannot be loaded (${loaded.error})`,
        fix: 'fix the file so that it default-exports an EnvironmentConfig (run npm run typecheck)',
      });
      continue;
    }
    const config = loaded.value as EnvironmentConfig;
    const name = typeof config?.name === 'string' ? config.name : undefined;
    const other = name === undefined ? undefined : fileOfName.get(name);
    if (name !== undefined && other !== undefined) {
      problems.push({
        file: shown,
        path: 'name',
        value: name,
        message: `duplicate environment name, also used by ${other}`,
        fix: `set name: '${fileName}' (each environment needs its own name)`,
      });
      continue;
    }
    if (name !== undefined) fileOfName.set(name, shown);
    problems.push(...validateEnvironment(config, shown));
    configs.set(fileName, config);
    loadedFiles.set(fileName, { file: shown, config });
  }
  // Rules across environments: what several environments share (a subscription's Defender plans).
  problems.push(...checkDefenderPlanOwners(loadedFiles));

  const wanted = options.only && options.only.length > 0 ? [...new Set(options.only)] : [...files.keys()];
  for (const name of wanted) {
    if (!files.has(name)) {
      problems.push({
        file: '(command line)',
        path: '--env',
        value: name,
        message: 'no such environment',
        fix: `use one of: ${[...files.keys()].join(', ')}, or add environments/${name}.ts`,
      });
    }
  }
  if (files.size === 0) {
    problems.push({
      file: relative(process.cwd(), dir) || dir,
      path: '',
      value: undefined,
      message: 'no environment files found',
      fix: 'add environments/dev.ts that default-exports an EnvironmentConfig',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return wanted.map((name) => configs.get(name) as EnvironmentConfig);
}

function requireDefault(path: string): { value?: unknown; error?: string } {
  try {
    const module = require(path);
    if (module?.default === undefined) return { error: 'it has no default export' };
    return { value: module.default };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}
