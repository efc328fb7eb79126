import type { EnvironmentConfig } from '../environments/schema';
import { type ConfigProblem, Problems } from './problems';
import { agentsRule } from './rules/agents';
import { aksRule } from './rules/aks';
import { contractsRule } from './rules/contracts';
import { cosmosRule } from './rules/cosmos';
import { databricksRule } from './rules/databricks';
import { deployersRule } from './rules/deployers';
import { environmentRule } from './rules/environment';
import { eventHubsRule } from './rules/event-hubs';
import { kubernetesRule } from './rules/kubernetes';
import { lakeRule } from './rules/lake';
import { lakehouseRule } from './rules/lakehouse';
import { monitoringRule } from './rules/monitoring';
import { namesRule } from './rules/names';
import { networkRule } from './rules/network';
import { operationsRule } from './rules/operations';
import { registryRule } from './rules/registry';
import type { ConfigRule } from './rules/rule';
import { synapseRule } from './rules/synapse';
import { workloadsRule } from './rules/workloads';

/**
 * The rules every environment must pass, in the order their problems are reported.
 * A layer that adds config adds its rule here.
 */
export const CONFIG_RULES: readonly ConfigRule[] = [
  environmentRule,
  deployersRule,
  networkRule,
  monitoringRule,
  lakeRule,
  eventHubsRule,
  contractsRule,
  cosmosRule,
  synapseRule,
  databricksRule,
  lakehouseRule,
  aksRule,
  registryRule,
  kubernetesRule,
  agentsRule,
  workloadsRule,
  operationsRule,
  namesRule,
];

/** All problems of one environment file (empty when it is valid). */
export function validateEnvironment(config: EnvironmentConfig, file: string): readonly ConfigProblem[] {
  const problems = new Problems(file);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    environmentRule(config, problems); // reports "expected an object"; the other rules need one
    return problems.list;
  }
  for (const rule of CONFIG_RULES) rule(config, problems);
  return problems.list;
}
