import type { EnvironmentConfig } from '../../environments/schema';
import { jsonStackView, stackResources } from '../../policies/evaluate';
import {
  type Attributes,
  appliesTo,
  type CheckResult,
  type ManifestObject,
  type ManifestRule,
  type TerraformRule,
} from '../../policies/rule';
import { environment } from '../helpers/synth';

/** Other resources of the synthetic stack, by address (`azurerm_private_endpoint.pe`). */
export type Neighbours = Readonly<Record<string, Attributes>>;

/**
 * Runs one rule on a synthetic resource, as the evaluator would: `address` is `<type>.<name>`, `neighbours` the
 * rest of the stack. The environment decides whether the rule applies at all ('not applicable' when not).
 */
export function check(
  rule: TerraformRule,
  address: string,
  attrs: Attributes,
  options: { env?: string; config?: EnvironmentConfig; neighbours?: Neighbours } = {},
): CheckResult | 'not applicable' {
  const config = options.config ?? environment(options.env ?? 'dev');
  if (!appliesTo(rule, config)) return 'not applicable';
  const resource: Record<string, Record<string, Attributes>> = {};
  for (const [addr, body] of Object.entries({ ...options.neighbours, [address]: attrs })) {
    const [type, name] = addr.split('.');
    if (type === 'output') continue;
    resource[type] = { ...resource[type], [name]: body };
  }
  const output = address.startsWith('output.') ? { [address.slice(7)]: attrs } : undefined;
  const resources = stackResources({ resource, output }, 'dev-test');
  const subject = resources.find((r) => r.address === address);
  if (!subject) throw new Error(`no ${address}`);
  if (!rule.resourceTypes.includes(subject.type))
    throw new Error(`${rule.id} does not check ${subject.type}`);
  return rule.check(attrs, { config, resource: subject, stack: jsonStackView('dev-test', resources) });
}

export function checkManifest(rule: ManifestRule, object: ManifestObject, env = 'dev'): CheckResult {
  const config = environment(env);
  return rule.check(object, { config, path: `k8s/${env}/${object.kind}/ns/name` });
}

/** The messages of a result, for exact assertions. */
export function messages(result: CheckResult | 'not applicable'): string[] | string {
  return typeof result === 'string' ? result : result.map((f) => `${f.message} → ${f.fix}`);
}
