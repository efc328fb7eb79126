import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { get } from '../policies/attrs';
import { manifestPath } from '../policies/kubernetes/evaluate-manifests';
import { readManifestDir } from '../policies/kubernetes/read-manifests';
import type { PolicyReportJson } from '../policies/report';
import type { Attributes, ManifestObject } from '../policies/rule';
import { POLICY_REPORT_JSON } from '../policies/write-report';
import { ReviewInputError } from './errors';

/** One resource of a synthesized stack. */
export interface SnapshotResource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly path: string;
  readonly attrs: Attributes;
}

export interface StackSnapshot {
  readonly name: string;
  readonly resources: ReadonlyMap<string, SnapshotResource>;
  /** `moved` blocks: Terraform renames state instead of destroying and re-creating. */
  readonly moved: readonly { readonly from: string; readonly to: string }[];
  /** Output name → value expression. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

export interface SnapshotManifest {
  /** `<Kind>/<namespace or _cluster>/<name>` */
  readonly key: string;
  readonly path: string;
  readonly file: string;
  readonly object: ManifestObject;
}

/** Everything one synth produced: the Terraform stacks, the manifests per environment and the policy report. */
export interface Snapshot {
  readonly label: string;
  readonly stacks: ReadonlyMap<string, StackSnapshot>;
  /** Environment → manifests by key. */
  readonly manifests: ReadonlyMap<string, ReadonlyMap<string, SnapshotManifest>>;
  readonly policy?: PolicyReportJson;
}

interface StackFile {
  readonly resource?: Record<string, Record<string, Attributes>>;
  readonly output?: Record<string, { value?: unknown }>;
  readonly moved?: readonly { from: string; to: string }[];
}

/** Reads one `cdk.tf.json`. */
export function stackSnapshot(name: string, json: StackFile): StackSnapshot {
  const resources = new Map<string, SnapshotResource>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [logical, body] of Object.entries(byName)) {
      const address = `${type}.${logical}`;
      const path = get(body, '//.metadata.path');
      resources.set(address, {
        type,
        name: logical,
        address,
        path: typeof path === 'string' ? path : address,
        attrs: body,
      });
    }
  }
  const outputs: Record<string, unknown> = {};
  for (const [key, body] of Object.entries(json.output ?? {})) outputs[key] = body.value;
  return { name, resources, moved: json.moved ?? [], outputs };
}

/**
 * The Kubernetes manifests that belong to a synth output: `dist/k8s/<env>/*.yaml` next to the `cdktf.out/`
 * folder (both sit in the project root, or in the temporary checkout the review synthesizes in).
 */
export function manifestRoot(outdir: string): string {
  return join(dirname(outdir), 'dist', 'k8s');
}

export function readManifests(root: string): Map<string, Map<string, SnapshotManifest>> {
  const byEnv = new Map<string, Map<string, SnapshotManifest>>();
  if (!existsSync(root)) return byEnv;
  for (const env of readdirSync(root).sort()) {
    const dir = join(root, env);
    if (!statSync(dir).isDirectory()) continue;
    const manifests = new Map<string, SnapshotManifest>();
    for (const file of readManifestDir(dir, join('dist', 'k8s', env))) {
      for (const object of file.objects) {
        const path = manifestPath(env, object);
        const key = path.split('/').slice(2).join('/');
        manifests.set(key, { key, path, file: file.file, object });
      }
    }
    byEnv.set(env, manifests);
  }
  return byEnv;
}

/** Reads a synth output folder (`cdktf.out/`). */
export function loadSnapshot(
  outdir: string,
  label: string,
  manifestsAt: string = manifestRoot(outdir),
): Snapshot {
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new ReviewInputError(
      `${outdir} is not a synth output (no manifest.json). Fix: run npm run synth, or pass a cdktf.out folder`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const stacks = new Map<string, StackSnapshot>();
  for (const [name, entry] of Object.entries(manifest.stacks).sort(([a], [b]) => a.localeCompare(b))) {
    const json = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8')) as StackFile;
    stacks.set(name, stackSnapshot(name, json));
  }
  const policyFile = join(outdir, POLICY_REPORT_JSON);
  const policy = existsSync(policyFile)
    ? (JSON.parse(readFileSync(policyFile, 'utf8')) as PolicyReportJson)
    : undefined;
  return { label, stacks, manifests: readManifests(manifestsAt), policy };
}
