import { selectorLabels } from '../../charts/workload-chart';
import { ENVIRONMENT_NAMES, environment, type Json, objectsOf, one } from './synth';

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
// Link-local (IMDS at 169.254.169.254) and Azure's wire server are never "public", in any environment.
const publicAddresses = {
  ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES, '169.254.0.0/16', '168.63.129.16/32'] },
};
const tcp = (port: number) => ({ port, protocol: 'TCP' });

describe.each(ENVIRONMENT_NAMES)('%s', (name) => {
  const config = environment(name);

  describe.each(config.workloads.map((w) => [w.name, w] as const))('%s', (_, workload) => {
    const policies = (): Json[] => objectsOf(name, workload.name).filter((o) => o.kind === 'NetworkPolicy');
    const policy = (policyName: string): Json => one(policies(), 'NetworkPolicy', policyName);

    test('default deny: every pod of the namespace, ingress and egress, no rule', () => {
      expect(policy('default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Egress', 'Ingress'] });
    });

    test('DNS to the cluster DNS and the LocalDNS node addresses only', () => {
      expect(policy('allow-dns').spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            ports: [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP' },
            ],
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
          },
          // AKS LocalDNS answers on the node itself when it is enabled.
          ...['169.254.10.10/32', '169.254.10.11/32'].map((cidr) => ({
            ports: [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP' },
            ],
            to: [{ ipBlock: { cidr } }],
          })),
        ],
      });
    });

    test('Entra ID by name where ACNS filters by FQDN: HTTPS to login.microsoftonline.com only', () => {
      const cilium = objectsOf(name, workload.name).filter((o) => o.kind === 'CiliumNetworkPolicy');
      if (!byName) {
        expect(cilium).toEqual([]);
        return;
      }
      expect(cilium).toEqual([
        {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumNetworkPolicy',
          metadata: {
            name: `${workload.name}-entra-id-egress`,
            namespace: workload.namespace,
            labels: {
              'app.kubernetes.io/managed-by': 'cdk8s',
              'app.kubernetes.io/part-of': 'azure-lakehouse-kit',
            },
          },
          spec: {
            endpointSelector: { matchLabels: selectorLabels(workload) },
            egress: [
              // DNS through Cilium's proxy: how it learns the name's addresses.
              {
                toEndpoints: [
                  {
                    matchLabels: {
                      'k8s:io.kubernetes.pod.namespace': 'kube-system',
                      'k8s:k8s-app': 'kube-dns',
                    },
                  },
                ],
                toPorts: [
                  { ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } },
                ],
              },
              {
                toFQDNs: [{ matchName: 'login.microsoftonline.com' }],
                toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
              },
            ],
          },
        },
      ]);
    });

    test('every rule to 0.0.0.0/0 leaves out link-local (IMDS) and the wire server', () => {
      const wide = policies()
        .flatMap((p) => p.spec.egress ?? [])
        .flatMap((rule: Json) => rule.to ?? [])
        .filter((peer: Json) => peer.ipBlock?.cidr === '0.0.0.0/0');
      // With Entra ID by name and private endpoints, nothing goes to public addresses at all.
      expect(wide.length > 0).toBe(!byName);
      for (const peer of wide)
        expect(peer.ipBlock.except).toEqual(expect.arrayContaining(['169.254.0.0/16', '168.63.129.16/32']));
    });

    // test and prod: ACNS security on, so Entra ID is reached by name (a CiliumNetworkPolicy).
    const byName = config.aks.containerNetworkSecurity === true;

    test('egress to the Azure ports only: the private endpoints subnet, or public addresses', () => {
      expect(byName).toBe(name !== 'dev');
      const ports = workload.kind === 'contract-validator' ? [tcp(9093), tcp(443)] : [tcp(443)];
      const egress = config.network.privateEndpoints
        ? [
            { ports, to: [{ ipBlock: { cidr: config.network.subnets.privateEndpoints } }] },
            // Entra ID (workload identity token exchange) has no private endpoint: by name, or any public address.
            ...(byName ? [] : [{ ports: [tcp(443)], to: [publicAddresses] }]),
          ]
        : [{ ports, to: [publicAddresses] }];
      expect(policy(`${workload.name}-azure-egress`).spec).toEqual({
        podSelector: { matchLabels: selectorLabels(workload) },
        policyTypes: ['Egress'],
        egress,
      });
    });

    test('ingress only from the callers, on the workload port', () => {
      const callers = workload.callers ?? [];
      const ingress = policies().filter((p) => p.spec.policyTypes.includes('Ingress'));
      if (callers.length === 0) {
        expect(ingress.map((p) => p.metadata.name)).toEqual(['default-deny']);
        return;
      }
      expect(policy(`${workload.name}-ingress`).spec).toEqual({
        podSelector: { matchLabels: selectorLabels(workload) },
        policyTypes: ['Ingress'],
        ingress: [
          {
            ports: [tcp(workload.port)],
            from: callers.map((caller) => ({
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': caller } },
              podSelector: {},
            })),
          },
        ],
      });
    });

    test('no policy allows everything', () => {
      for (const p of policies()) {
        for (const rule of [...(p.spec.egress ?? []), ...(p.spec.ingress ?? [])]) {
          expect({ policy: p.metadata.name, ports: rule.ports?.length ?? 0 }).not.toEqual({
            policy: p.metadata.name,
            ports: 0,
          });
          expect(rule.to ?? rule.from).toBeDefined();
        }
      }
    });
  });

  test('the contract validator takes no ingress; model-serving takes it from its callers', () => {
    const ingressPolicies = (workload: string) =>
      objectsOf(name, workload)
        .filter((o) => o.kind === 'NetworkPolicy' && (o as Json).spec.ingress)
        .map((o) => o.metadata.name);
    expect(ingressPolicies('contract-validator')).toEqual([]);
    expect(ingressPolicies('model-serving')).toEqual(['model-serving-ingress']);
  });
});
