import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * The Entra ID endpoint workload identity exchanges its federated token at (the `AZURE_AUTHORITY_HOST` the
 * webhook injects for the public cloud). It has no private endpoint and no stable addresses.
 */
export const ENTRA_ID_FQDNS = ['login.microsoftonline.com'] as const;
const HTTPS = '443';

export interface EntraIdEgressProps {
  readonly namespace: string;
  /** Name prefix (the workload name). */
  readonly name: string;
  /** Labels of the workload's pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/**
 * HTTPS to Entra ID by name, instead of to every public address: a `CiliumNetworkPolicy` with `toFQDNs`.
 * Needs AKS Advanced Container Networking Services with security on (`aks.containerNetworkSecurity`), on the
 * Cilium data plane; without it AKS does not enforce FQDN rules, and workload identity has no way out.
 *
 * Cilium learns the addresses of a name from the DNS answers its proxy sees, so the policy also sends the
 * pods' DNS to CoreDNS through the DNS proxy (`rules.dns`); the Kubernetes `allow-dns` policy still allows
 * the same traffic at L4, which Cilium merges into an allow-all DNS rule on the proxy. Policies add up: the
 * namespace's `default-deny` still denies everything else.
 */
export class EntraIdEgress extends Construct {
  readonly policy: ApiObject;

  constructor(scope: Construct, id: string, props: EntraIdEgressProps) {
    super(scope, id);
    this.policy = new ApiObject(this, 'Resource', {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: `${props.name}-entra-id-egress`, namespace: props.namespace },
      spec: {
        endpointSelector: { matchLabels: { ...props.podLabels } },
        egress: [
          {
            toEndpoints: [
              {
                matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' },
              },
            ],
            toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
          },
          {
            toFQDNs: ENTRA_ID_FQDNS.map((name) => ({ matchName: name })),
            toPorts: [{ ports: [{ port: HTTPS, protocol: 'TCP' }] }],
          },
        ],
      },
    });
  }
}
