import type { EnvironmentConfig } from '../environments/schema';
import { get, mentions } from './attrs';
import type { TerraformPack } from './packs/pack';
import {
  type Attributes,
  appliesTo,
  type Finding,
  type Level,
  type StackResource,
  type StackView,
  type TerraformRule,
} from './rule';
import { covers, type Suppression } from './suppressions';

/** The parts of a synthesized stack (`cdk.tf.json`) the rules read. */
export interface SynthesizedStack {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Attributes>>>>;
  readonly output?: Readonly<Record<string, Attributes>>;
}

/** A suppression with the construct path it was declared on. */
export interface DeclaredSuppression extends Suppression {
  readonly path: string;
}

/** One finding of one rule on one resource of one stack. */
export interface PolicyFinding {
  readonly rule: string;
  readonly title: string;
  readonly level: Level;
  /** `dev-data`, or `dev-k8s` for the manifests. */
  readonly stack: string;
  readonly environment: string;
  /** Construct path (`dev-data/lake/account`) or manifest path (`k8s/dev/StatefulSet/streaming/validator`). */
  readonly path: string;
  /** Terraform type or Kubernetes kind. */
  readonly resourceType: string;
  readonly message: string;
  readonly fix: string;
}

/** Where a finding was made: the stack (or manifest set), environment, path and type of the resource. */
export type FindingPlace = Pick<PolicyFinding, 'stack' | 'environment' | 'path' | 'resourceType'>;

/** A rule's finding at one resource or Kubernetes object, as the report lists it. */
export function findingOf(
  rule: { readonly id: string; readonly title: string; readonly level: Level },
  place: FindingPlace,
  finding: Finding,
): PolicyFinding {
  return {
    rule: rule.id,
    title: rule.title,
    level: rule.level,
    ...place,
    message: finding.message,
    fix: finding.fix,
  };
}

export interface SuppressedFinding extends PolicyFinding {
  readonly reason: string;
  /** Where the suppression was declared. */
  readonly suppressedAt: string;
}

export interface EvaluationResult {
  readonly findings: PolicyFinding[];
  readonly suppressed: SuppressedFinding[];
  /** Every suppression that was declared, used or not (the report lists stale ones too). */
  readonly suppressions: readonly DeclaredSuppression[];
}

/** A suppression applied to the findings: the first one that covers a finding wins. */
export function applySuppressions(
  findings: readonly PolicyFinding[],
  suppressions: readonly DeclaredSuppression[],
): EvaluationResult {
  const result: EvaluationResult = { findings: [], suppressed: [], suppressions };
  for (const finding of findings) {
    const by = suppressions.find((s) => s.rule === finding.rule && covers(s.path, finding.path));
    if (by) result.suppressed.push({ ...finding, reason: by.reason, suppressedAt: by.path });
    else result.findings.push(finding);
  }
  return result;
}

/** The resources (and outputs, type `output`) of a synthesized stack, with their construct paths. */
export function stackResources(
  json: SynthesizedStack,
  stackName: string,
  outputPaths: ReadonlyMap<string, string> = new Map(),
): StackResource[] {
  const resources: StackResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const path = get(body, '//.metadata.path');
      resources.push({ type, name, address, path: typeof path === 'string' ? path : address, attrs: body });
    }
  }
  for (const [name, body] of Object.entries(json.output ?? {})) {
    resources.push({
      type: 'output',
      name,
      address: `output.${name}`,
      path: outputPaths.get(name) ?? `${stackName}/${name}`,
      attrs: body,
    });
  }
  return resources;
}

/** A `StackView` over synthesized JSON, where references are `${<type>.<name>.<attribute>}` interpolations. */
export function jsonStackView(name: string, resources: readonly StackResource[]): StackView {
  const byType = new Map<string, StackResource[]>();
  for (const r of resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  return {
    name,
    resourcesOf: (type) => byType.get(type) ?? [],
    refersTo: (resource, attribute, address) => mentions(get(resource.attrs, attribute), address),
  };
}

/** The rules of the packs that apply to an environment, by resource type. */
export function rulesByType(
  packs: readonly TerraformPack[],
  config: EnvironmentConfig,
): Map<string, TerraformRule[]> {
  const byType = new Map<string, TerraformRule[]>();
  const seen = new Set<string>();
  for (const pack of packs) {
    if (!appliesTo(pack, config)) continue;
    for (const rule of pack.rules) {
      if (seen.has(rule.id) || !appliesTo(rule, config)) continue;
      seen.add(rule.id);
      for (const type of rule.resourceTypes) byType.set(type, [...(byType.get(type) ?? []), rule]);
    }
  }
  return byType;
}

/** What a run of the rules needs to know besides the resources. */
export interface RuleRunOptions {
  readonly stack: string;
  readonly config: EnvironmentConfig;
  readonly packs: readonly TerraformPack[];
}

/**
 * Every finding of the packs' rules on the resources of one stack, before suppressions; shared by the synth
 * (stack JSON) and by `terraform show -json` plans.
 */
export function runRules(
  resources: readonly StackResource[],
  view: StackView,
  options: RuleRunOptions,
): PolicyFinding[] {
  const rules = rulesByType(options.packs, options.config);
  const findings: PolicyFinding[] = [];
  for (const resource of resources) {
    for (const rule of rules.get(resource.type) ?? []) {
      let result: ReturnType<TerraformRule['check']>;
      try {
        result = rule.check(resource.attrs, { config: options.config, resource, stack: view });
      } catch (error) {
        throw new Error(`policy rule ${rule.id} failed on ${resource.path}: ${(error as Error).message}`);
      }
      if (result === 'compliant') continue;
      const place = {
        stack: options.stack,
        environment: options.config.name,
        path: resource.path,
        resourceType: resource.type,
      };
      for (const finding of result) findings.push(findingOf(rule, place, finding));
    }
  }
  return findings;
}

export interface EvaluateStackOptions {
  readonly stack: string;
  readonly config: EnvironmentConfig;
  readonly packs: readonly TerraformPack[];
  readonly suppressions?: readonly DeclaredSuppression[];
  /** Output name → construct path (from the aspect); otherwise `<stack>/<output name>`. */
  readonly outputPaths?: ReadonlyMap<string, string>;
}

/**
 * Runs the packs over one synthesized stack. Pure: the same JSON gives the same result, whether it comes from
 * the synth, from a `cdktf.out/` folder or from a test.
 */
export function evaluateStack(json: SynthesizedStack, options: EvaluateStackOptions): EvaluationResult {
  const resources = stackResources(json, options.stack, options.outputPaths);
  const view = jsonStackView(options.stack, resources);
  const findings = runRules(resources, view, options);
  return applySuppressions(findings, options.suppressions ?? []);
}
