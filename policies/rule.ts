import type { EnvironmentConfig } from '../environments/schema';

/**
 * What a policy rule is, in the style of cdk-nag: a small pure function with an id, a title, a level and the
 * environments it applies to. A rule never reads the construct tree: it reads the synthesized attributes of one
 * resource (the snake_case object of `cdk.tf.json`, what `resource.toTerraform()` yields after aspects), so the
 * same rule runs at synth time, on a `cdktf.out/` folder and on a `terraform show -json` plan.
 */

/** `error` ends the synth; `warning` is only reported. */
export type Level = 'error' | 'warning';

/** One thing a rule finds wrong with one resource. */
export interface Finding {
  /** What is wrong, e.g. `public network access is on`. */
  readonly message: string;
  /** What to change, e.g. `set public_network_access_enabled (publicNetworkAccessEnabled) to false`. */
  readonly fix: string;
}

export type CheckResult = readonly Finding[] | 'compliant';

/** Environments a rule applies to: names, or a test on the environment's config. */
export type EnvironmentSelector = readonly string[] | ((config: EnvironmentConfig) => boolean);

export interface PolicyRule<Subject, Context> {
  /** Stable kebab-case id, the file name under `policies/rules/`; suppressions refer to it. */
  readonly id: string;
  /** One line: what the rule asks for. */
  readonly title: string;
  readonly level: Level;
  /** @default - every environment */
  readonly environments?: EnvironmentSelector;
  /** Terraform resource types (`azurerm_storage_account`, `output`) or Kubernetes kinds (`Deployment`). */
  readonly resourceTypes: readonly string[];
  check(subject: Subject, context: Context): CheckResult;
}

/** A synthesized Terraform attribute object (snake_case keys). */
export type Attributes = Readonly<Record<string, unknown>>;

/** One resource of a stack, as the rules see it. */
export interface StackResource {
  /** `azurerm_storage_account` */
  readonly type: string;
  /** The logical id, e.g. `lake_account_4F2C1B2A`. */
  readonly name: string;
  /** `<type>.<name>`: how other resources refer to it (`${azurerm_storage_account.lake_account_4F2C1B2A.id}`). */
  readonly address: string;
  /** Construct path, e.g. `prod-data/lake/account`; the address when the source has no construct paths. */
  readonly path: string;
  readonly attrs: Attributes;
}

/** The rest of the stack, for rules that look at other resources (private endpoints, diagnostics, locks). */
export interface StackView {
  readonly name: string;
  resourcesOf(type: string): readonly StackResource[];
  /** Whether `resource`'s attribute at `attribute` (dot path) refers to the resource at `address`. */
  refersTo(resource: StackResource, attribute: string, address: string): boolean;
}

export interface ResourceContext {
  readonly config: EnvironmentConfig;
  readonly resource: StackResource;
  readonly stack: StackView;
}

/** A rule over the synthesized Terraform of a stack. Terraform outputs have the pseudo type `output`. */
export type TerraformRule = PolicyRule<Attributes, ResourceContext>;

/** A Kubernetes object as written to `dist/k8s/<env>/*.yaml`. */
export type ManifestObject = Readonly<Record<string, unknown>> & { readonly kind?: string };

export interface ManifestContext {
  /** The environment; absent when a tool (the plan review) checks objects outside a synth. */
  readonly config?: EnvironmentConfig;
  /** `k8s/<env>/<Kind>/<namespace>/<name>` */
  readonly path: string;
  /** The file the object was read from, when it came from one. */
  readonly file?: string;
}

/** A rule over the Kubernetes manifests of an environment. */
export type ManifestRule = PolicyRule<ManifestObject, ManifestContext>;

/** Whether a rule applies to an environment. */
export function appliesTo(rule: { readonly environments?: EnvironmentSelector }, config: EnvironmentConfig) {
  const selector = rule.environments;
  if (selector === undefined) return true;
  return typeof selector === 'function' ? selector(config) : selector.includes(config.name);
}

/**
 * Production: `prod` or `prod-<anything>` (e.g. `prod-eu`). The prod pack and the prod-only rules use this, so a
 * second production environment gets the stricter rules without a code change.
 */
export function isProduction(config: EnvironmentConfig): boolean {
  return config.name === 'prod' || config.name.startsWith('prod-');
}
