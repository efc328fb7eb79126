/**
 * Every manifest validates against the Kubernetes API schema with a real validator: kubernetes-models
 * (OpenAPI schemas of Kubernetes compiled to ajv validators).
 *
 * Version: kubernetes-models 4.4.2 carries the v1.27.1 schema; no release carries v1.28 (4.5 jumps to v1.33,
 * 5.x needs Node 22). The kit's objects use GA APIs only, and GA fields are never removed, so an object valid
 * against v1.27 is valid on a v1.28 cluster; the reverse direction (a field new in 1.28) would fail here,
 * which is the safe side.
 */

import Ajv from 'ajv';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubeObject } from '../../charts/manifests';
import { CILIUM_NETWORK_POLICY_SCHEMA } from './cilium-network-policy-schema';
import { ENVIRONMENT_NAMES, type Json, objectsOf } from './synth';

/** Cilium's own kind has no kubernetes-models model: the CRD's schema (the part the kit uses) with ajv. */
const validateCilium = new Ajv({ allErrors: true }).compile(CILIUM_NETWORK_POLICY_SCHEMA);
class CiliumNetworkPolicy {
  constructor(private readonly data: Json) {}
  validate(): void {
    if (!validateCilium(this.data))
      throw new Error(
        (validateCilium.errors ?? []).map((e) => `data${e.instancePath} ${e.message}`).join(', '),
      );
  }
}

/** The models of every kind the kit renders; a kind missing here fails the test (no silent skip). */
const MODELS: Record<string, new (data: Json) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'storage.k8s.io/v1/StorageClass': StorageClass,
  'cilium.io/v2/CiliumNetworkPolicy': CiliumNetworkPolicy,
};

/** The schema errors of one object ('' when valid). */
function schemaErrors(object: KubeObject | Json): string {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(structuredClone(object)).validate();
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe.each(ENVIRONMENT_NAMES)('%s manifests against the Kubernetes API schema', (name) => {
  test('every object is valid', () => {
    const objects = objectsOf(name);
    expect(objects.length).toBeGreaterThan(10);
    const invalid = objects
      .map((object) => ({ object: `${object.kind}/${object.metadata.name}`, errors: schemaErrors(object) }))
      .filter((result) => result.errors !== '');
    expect(invalid).toEqual([]);
  });
});

describe('the validation can fail', () => {
  const statefulSet = (): Json => structuredClone(objectsOf('dev').find((o) => o.kind === 'StatefulSet'));

  test('a valid StatefulSet passes', () => {
    expect(schemaErrors(statefulSet())).toBe('');
  });

  test('a replica count written as a string', () => {
    const object = statefulSet();
    object.spec.replicas = '2';
    expect(schemaErrors(object)).toContain('/spec/replicas must be integer');
  });

  test('a claim size that is not a quantity', () => {
    const object = statefulSet();
    object.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '10GB!';
    expect(schemaErrors(object)).toContain('/spec/volumeClaimTemplates/0/spec/resources/requests/storage');
  });

  test('a StatefulSet without its selector', () => {
    const object = statefulSet();
    delete object.spec.selector;
    expect(schemaErrors(object)).toBe('data/spec must have required property selector');
  });

  test('a CiliumNetworkPolicy: valid as rendered; a number for a port, or a misplaced field, fails', () => {
    const policy = (): Json =>
      structuredClone(objectsOf('prod').find((o) => o.kind === 'CiliumNetworkPolicy'));
    expect(schemaErrors(policy())).toBe('');
    const numericPort = policy();
    numericPort.spec.egress[1].toPorts[0].ports[0].port = 443;
    expect(schemaErrors(numericPort)).toContain('data/spec/egress/1/toPorts/0/ports/0/port must be string');
    const misplaced = policy();
    misplaced.spec.egress[1].toFQDNs[0] = { name: 'login.microsoftonline.com' };
    expect(schemaErrors(misplaced)).toContain(
      'data/spec/egress/1/toFQDNs/0 must NOT have additional properties',
    );
  });

  test('a kind the test has no schema for', () => {
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toBe(
      'no schema for example.com/v1 Widget',
    );
  });
});
