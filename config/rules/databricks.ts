import type { ConfigRule } from './rule';

/**
 * Databricks: front-end private link and infrastructure encryption. The size and placement of its two delegated
 * subnets (at least /26 each) is checked with the other subnets by the network rule.
 */
export const databricksRule: ConfigRule = (config, p) => {
  const databricks = config.databricks;
  if (!p.object('databricks', databricks, ['privateLink', 'infrastructureEncryption'], ['enhancedSecurity']))
    return;
  p.boolean('databricks.infrastructureEncryption', databricks.infrastructureEncryption);
  if (databricks.enhancedSecurity !== undefined)
    p.boolean('databricks.enhancedSecurity', databricks.enhancedSecurity);
  if (
    p.boolean('databricks.privateLink', databricks.privateLink) &&
    databricks.privateLink &&
    config.network?.privateEndpoints === false
  ) {
    p.add(
      'databricks.privateLink',
      true,
      'private link needs a private endpoint and its DNS zone, but network.privateEndpoints is false',
      'set network.privateEndpoints: true, or databricks.privateLink: false',
    );
  }
};
