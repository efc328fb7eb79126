/**
 * Values the manifests need that only exist after `terraform apply` (the workload identities' client ids).
 *
 * An offline synth writes a placeholder `<<tf-output:<output>.<key>>>` in their place. Two ways fill them:
 * `npm run synth -- --outputs <file>` (this module), or `scripts/fill-k8s-outputs.mjs` on already built
 * manifests; the script also refuses manifests that still hold a placeholder (the deploy-mode check).
 * The placeholder grammar here and in that script must stay the same (a test checks both).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../app/cli';
import type { EnvironmentConfig } from '../environments/schema';

/** The compute stack's output that maps each workload name to its identity's client id. */
export const CLIENT_IDS_OUTPUT = 'workload_client_ids';

/** Matches every placeholder; group 1 is the output path, e.g. `workload_client_ids.model-serving`. */
export const PLACEHOLDER = /<<tf-output:([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)>>/g;

export function outputPlaceholder(path: string): string {
  return `<<tf-output:${path}>>`;
}

export function clientIdPlaceholder(workload: string): string {
  return outputPlaceholder(`${CLIENT_IDS_OUTPUT}.${workload}`);
}

/** Client ids by workload name. */
export type ClientIds = Readonly<Record<string, string>>;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** `--outputs` that cannot be used; `main.ts` prints it as a usage error (exit code 2). */
export class OutputsError extends UsageError {}

/**
 * Reads `terraform output -json` of the compute stack and returns the client id of every workload of every
 * given environment (workload names are the keys, so one file serves the environment it came from).
 * Throws one `OutputsError` naming everything that is missing or malformed.
 */
export function readClientIds(file: string, configs: readonly EnvironmentConfig[]): ClientIds {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new OutputsError(
      `--outputs ${file}: cannot be read as JSON (${why}). Fix: pass the file written by 'terraform output -json' of the compute stack`,
    );
  }
  return clientIdsFromOutputs(json, configs, file);
}

/** The client ids in parsed `terraform output -json`; see `readClientIds`. */
export function clientIdsFromOutputs(
  outputs: unknown,
  configs: readonly EnvironmentConfig[],
  file = '(outputs)',
): ClientIds {
  const output = (outputs as Record<string, { value?: unknown } | undefined> | null)?.[CLIENT_IDS_OUTPUT];
  const ids = output?.value;
  if (typeof ids !== 'object' || ids === null || Array.isArray(ids))
    throw new OutputsError(
      `--outputs ${file}: no output ${CLIENT_IDS_OUTPUT} with a map value. Fix: use 'terraform output -json' of the <env>-compute stack, after it was applied`,
    );
  const values = ids as Record<string, unknown>;
  const problems: string[] = [];
  const result: Record<string, string> = {};
  for (const workload of new Set(configs.flatMap((config) => config.workloads.map((w) => w.name)))) {
    const id = values[workload];
    if (typeof id === 'string' && GUID.test(id)) result[workload] = id;
    else if (id === undefined) problems.push(`${CLIENT_IDS_OUTPUT}.${workload} is missing`);
    else problems.push(`${CLIENT_IDS_OUTPUT}.${workload} = ${JSON.stringify(id)} is not a client id (GUID)`);
  }
  if (problems.length > 0)
    throw new OutputsError(
      `--outputs ${file}: ${problems.join('; ')}. Fix: apply the compute stack of this environment, then run 'terraform output -json' again`,
    );
  return result;
}
