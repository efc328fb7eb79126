import type { EnvironmentSelector, ManifestRule, TerraformRule } from '../rule';

/** A named list of rules, applied to the environments it selects (each rule can narrow that further). */
export interface PolicyPack<Rule> {
  readonly name: string;
  readonly description: string;
  /** @default - every environment */
  readonly environments?: EnvironmentSelector;
  readonly rules: readonly Rule[];
}

export type TerraformPack = PolicyPack<TerraformRule>;
export type ManifestPack = PolicyPack<ManifestRule>;
