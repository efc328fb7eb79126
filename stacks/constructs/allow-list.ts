/**
 * The public ranges a service firewall admits where the environment keeps public endpoints (dev): the ranges the
 * environment lists (`network.allowedIpRanges`, e.g. the office) and the deployment agents' static egress address
 * (the NAT gateway's public IP, `FoundationStack.agentEgressIp`), so the pipeline that deploys the environment gets
 * through every firewall on its path. Derived, never typed twice: the address is a reference to the public IP.
 *
 * The address is written as `<ip>/32`, the form Key Vault, Event Hubs, Cosmos DB and AKS store, so a refresh reads
 * back what was sent (no perpetual diff). Storage is different: see `DataStack` (the agents subnet instead).
 */
export function publicAllowList(
  allowedIpRanges: readonly string[] | undefined,
  agentEgressIp: string | undefined,
): string[] {
  return [...(allowedIpRanges ?? []), ...(agentEgressIp === undefined ? [] : [`${agentEgressIp}/32`])];
}
