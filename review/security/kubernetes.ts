import { get } from '../../policies/attrs';
import { WORKLOAD_KINDS } from '../../policies/kubernetes/pod-spec';
import { MANIFEST_PACKS } from '../../policies/packs';
import type { Attributes, ManifestObject } from '../../policies/rule';
import type { Detected, Detector } from './detector';

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const WORKLOAD_RULES = MANIFEST_PACKS.flatMap((p) => p.rules).filter((r) =>
  r.resourceTypes.some((t) => WORKLOAD_KINDS.includes(t)),
);
const VERB = { create: 'adds', update: 'changes', replace: 'replaces', delete: 'removes' } as const;

/** The pod security rules an object fails, with their messages. */
function failing(object: Attributes | undefined): Map<string, string> {
  const result = new Map<string, string>();
  if (!object) return result;
  for (const rule of WORKLOAD_RULES) {
    if (!rule.resourceTypes.includes(String(object.kind))) continue;
    const outcome = rule.check(object as ManifestObject, { path: '' });
    if (outcome !== 'compliant') result.set(rule.id, outcome.map((f) => f.message).join('; '));
  }
  return result;
}

function annotation(object: Attributes | undefined, key: string): unknown {
  return ((get(object, 'metadata.annotations') ?? {}) as Record<string, unknown>)[key];
}

/**
 * The manifests: RBAC objects, NetworkPolicies changed or removed, Services exposed through a load balancer or
 * node ports, service accounts bound to another identity, and pod security loosened (a `k8s-*` rule that
 * passed before and fails now).
 */
export const kubernetes: Detector = (c) => {
  if (c.layer !== 'kubernetes') return [];
  const found: Detected[] = [];
  if (RBAC_KINDS.includes(c.type)) {
    const scope = c.type.startsWith('Cluster') ? 'cluster-wide ' : '';
    found.push([
      'kubernetes-rbac',
      `${VERB[c.action]} ${scope}${c.type} ${get(c.after ?? c.before, 'metadata.name')}`,
    ]);
  }
  if (c.type === 'NetworkPolicy' && c.action !== 'create') {
    found.push([
      'network-policy',
      c.action === 'delete'
        ? 'removes a NetworkPolicy: its pods accept the traffic it blocked'
        : 'changes a NetworkPolicy: check that it does not admit more',
    ]);
  }
  if (c.type === 'Service' && c.action !== 'delete') {
    const type = String(get(c.after, 'spec.type') ?? 'ClusterIP');
    const exposed = type === 'LoadBalancer' || type === 'NodePort';
    if (exposed && String(get(c.before, 'spec.type') ?? 'ClusterIP') !== type) {
      const internal =
        annotation(c.after, 'service.beta.kubernetes.io/azure-load-balancer-internal') === 'true';
      found.push([
        'exposure',
        `exposes the service as ${type}${internal ? ' (internal load balancer)' : ''}`,
      ]);
    }
  }
  if (c.type === 'Ingress' && c.action === 'create') found.push(['exposure', 'adds an Ingress']);
  const clientId = 'azure.workload.identity/client-id';
  if (
    c.type === 'ServiceAccount' &&
    c.action === 'update' &&
    annotation(c.before, clientId) !== annotation(c.after, clientId)
  ) {
    found.push([
      'access',
      `binds the service account to workload identity ${String(annotation(c.after, clientId) ?? '(none)')}`,
    ]);
  }
  if (c.action !== 'delete' && WORKLOAD_KINDS.includes(c.type)) {
    const before = failing(c.before);
    for (const [rule, message] of failing(c.after)) {
      if (!before.has(rule)) found.push(['security-context', `${rule}: ${message}`]);
    }
  }
  return found;
};
