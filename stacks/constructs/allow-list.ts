/**
 * The public ranges a service firewall admits where the environment keeps public endpoints (dev): the ranges the
 * environment lists (`network.allowedIpRanges`, e.g. the office) and the deployment agents' static egress address
 * (the NAT gateway's public IP, `FoundationStack.agentEgressIp`), so the pipeline that deploys the environment gets
 * through every firewall on its path. Derived, never typed twice: the address is a reference to the public IP.
 *
 * `form` is how the service stores a single address, so a refresh reads back what was sent (no perpetual diff):
 * `cidr` (`<ip>/32`: Key Vault, which returns single addresses with `/32`, Event Hubs, AKS) or `address` (the bare
 * IP: Cosmos DB's ipRangeFilter). Storage is different: see `DataStack` (the agents subnet instead).
 */
export function publicAllowList(
  allowedIpRanges: readonly string[] | undefined,
  agentEgressIp: string | undefined,
  form: 'cidr' | 'address' = 'cidr',
): string[] {
  const agents = agentEgressIp === undefined ? [] : [form === 'cidr' ? `${agentEgressIp}/32` : agentEgressIp];
  return [...(allowedIpRanges ?? []), ...agents];
}

/** The Synapse firewall rule that admits the deployment agents (their data-plane calls: managed endpoints). */
export { AGENTS_FIREWALL_RULE } from '../../naming/names';
