import { Namespaces } from 'cdk8s-plus-28/lib/namespace';
import {
  NetworkPolicy,
  NetworkPolicyIpBlock,
  NetworkPolicyPort,
  NetworkPolicyTrafficDefault,
} from 'cdk8s-plus-28/lib/network-policy';
import { Pods } from 'cdk8s-plus-28/lib/pod';
import { Construct } from 'constructs';
import { EntraIdEgress } from './entra-id-egress';

/** RFC 1918 ranges: the cluster, the VNet and peered networks. Azure's public endpoints are outside them. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const HTTPS = 443;
/**
 * Never reachable through the public-address rules, even though they are not RFC 1918: link-local
 * (169.254.169.254 is the instance metadata service, which hands out the node's identity tokens) and Azure's
 * wire server 168.63.129.16 (platform DNS, health probes, VM agent). Workload identity needs neither.
 */
export const PLATFORM_ADDRESSES = ['169.254.0.0/16', '168.63.129.16/32'];
/** What `0.0.0.0/0` leaves out in every egress rule: the private ranges and the platform addresses. */
export const NOT_PUBLIC = [...PRIVATE_RANGES, ...PLATFORM_ADDRESSES];
/**
 * AKS LocalDNS: the DNS proxy on every node, which pods query instead of CoreDNS when it is enabled
 * (169.254.10.10 and 169.254.10.11). Allowed on port 53 only, so the `except` above still keeps IMDS out.
 */
export const LOCAL_DNS_ADDRESSES = ['169.254.10.10/32', '169.254.10.11/32'];

export interface WorkloadNetworkPoliciesProps {
  readonly namespace: string;
  /** Name prefix of the workload's own policies (the workload name). */
  readonly name: string;
  /** Labels of the workload's pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** TCP ports of the Azure services the workload talks to, e.g. Kafka 9093 and HTTPS 443. */
  readonly azurePorts: readonly number[];
  /**
   * Where the Azure services are: the private endpoints subnet when they are private. NetworkPolicy cannot
   * match DNS names, so this is the closest a policy gets to "only Event Hubs and Cosmos DB".
   * @default - services are public: the ports are allowed to public addresses only (not to the cluster or VNet)
   */
  readonly privateEndpointsCidr?: string;
  /**
   * Entra ID by name: the public-HTTPS rule is left out, and a CiliumNetworkPolicy allows HTTPS to Entra ID's
   * FQDN only (needs AKS Advanced Container Networking Services security). Only with private endpoints,
   * where Entra ID is the one public destination.
   * @default false
   */
  readonly entraIdByName?: boolean;
  /** The port callers use. */
  readonly port: number;
  /** Namespaces whose pods may call `port`. @default [] - no ingress */
  readonly callers?: readonly string[];
}

/**
 * Default deny for a workload's namespace, then exactly what the workload needs:
 * - `default-deny`: every pod of the namespace, ingress and egress, no rule;
 * - `allow-dns`: egress to the cluster DNS (kube-system, `k8s-app: kube-dns`) and to the node-local LocalDNS
 *   addresses, on 53 UDP/TCP;
 * - `<name>-azure-egress`: the Azure ports, to the private endpoints subnet, or to public addresses;
 *   with private endpoints, also HTTPS to public addresses for Entra ID (login.microsoftonline.com has no
 *   private endpoint; the workload identity token exchange needs it), or, with `entraIdByName`, HTTPS to
 *   that name only through a CiliumNetworkPolicy (`<name>-entra-id-egress`);
 * - `<name>-ingress`: the workload's port from the caller namespaces (only when there are callers).
 * Kubelet probes come from the node and are not subject to these policies.
 */
export class WorkloadNetworkPolicies extends Construct {
  readonly defaultDeny: NetworkPolicy;
  readonly allowDns: NetworkPolicy;
  readonly azureEgress: NetworkPolicy;
  readonly ingress?: NetworkPolicy;
  readonly entraIdEgress?: EntraIdEgress;

  constructor(scope: Construct, id: string, props: WorkloadNetworkPoliciesProps) {
    super(scope, id);
    const namespace = props.namespace;
    const workloadPods = Pods.select(this, 'WorkloadPods', { labels: { ...props.podLabels } });

    this.defaultDeny = new NetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace },
      ingress: { default: NetworkPolicyTrafficDefault.DENY },
      egress: { default: NetworkPolicyTrafficDefault.DENY },
    });

    const dnsPorts = () => [NetworkPolicyPort.udp(53), NetworkPolicyPort.tcp(53)];
    this.allowDns = new NetworkPolicy(this, 'AllowDns', {
      metadata: { name: 'allow-dns', namespace },
      egress: {
        rules: [
          {
            peer: Pods.select(this, 'ClusterDns', {
              labels: { 'k8s-app': 'kube-dns' },
              namespaces: Namespaces.select(this, 'KubeSystem', { names: ['kube-system'] }),
            }),
            ports: dnsPorts(),
          },
          ...LOCAL_DNS_ADDRESSES.map((cidr, i) => ({
            peer: NetworkPolicyIpBlock.ipv4(this, `LocalDns${i}`, cidr),
            ports: dnsPorts(),
          })),
        ],
      },
    });

    const azurePorts = props.azurePorts.map((port) => NetworkPolicyPort.tcp(port));
    const publicAddresses = NetworkPolicyIpBlock.ipv4(this, 'PublicAddresses', '0.0.0.0/0', NOT_PUBLIC);
    this.azureEgress = new NetworkPolicy(this, 'AzureEgress', {
      metadata: { name: `${props.name}-azure-egress`, namespace },
      selector: workloadPods,
      egress: {
        rules: props.privateEndpointsCidr
          ? [
              {
                peer: NetworkPolicyIpBlock.ipv4(this, 'PrivateEndpoints', props.privateEndpointsCidr),
                ports: azurePorts,
              },
              ...(props.entraIdByName
                ? []
                : [{ peer: publicAddresses, ports: [NetworkPolicyPort.tcp(HTTPS)] }]),
            ]
          : [{ peer: publicAddresses, ports: azurePorts }],
      },
    });

    if (props.entraIdByName) {
      if (!props.privateEndpointsCidr)
        throw new Error(
          `${props.name}: entraIdByName needs private endpoints (privateEndpointsCidr); without them the Azure services are public too`,
        );
      this.entraIdEgress = new EntraIdEgress(this, 'EntraIdEgress', {
        namespace,
        name: props.name,
        podLabels: props.podLabels,
      });
    }

    const callers = props.callers ?? [];
    if (callers.length > 0) {
      this.ingress = new NetworkPolicy(this, 'Ingress', {
        metadata: { name: `${props.name}-ingress`, namespace },
        selector: workloadPods,
        ingress: {
          rules: [
            {
              peer: Namespaces.select(this, 'Callers', { names: [...callers] }),
              ports: [NetworkPolicyPort.tcp(props.port)],
            },
          ],
        },
      });
    }
  }
}
