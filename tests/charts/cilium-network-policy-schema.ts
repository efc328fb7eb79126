/**
 * The part of Cilium's `CiliumNetworkPolicy` (cilium.io/v2) schema that the kit renders, as JSON Schema for
 * ajv. kubernetes-models has no Cilium models, so this is taken from the CRD Cilium installs
 * (`cilium.io_ciliumnetworkpolicies.yaml`: the field names, the string `port` with its range pattern, the
 * protocol enum, the FQDN patterns) and closed with `additionalProperties: false`, so a misspelt or misplaced
 * field fails here instead of being dropped by the API server's pruning.
 */
const labelSelector = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } },
  },
};
const fqdnSelector = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    matchName: { type: 'string', pattern: '^([-a-zA-Z0-9_]+[.]?)+$', maxLength: 255 },
    matchPattern: { type: 'string', pattern: '^([-a-zA-Z0-9_*]+[.]?)+$', maxLength: 255 },
  },
};
const portRule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ports: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['port'],
        properties: {
          // A number (as a string) or a named port.
          port: {
            type: 'string',
            pattern:
              '^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$',
          },
          protocol: { enum: ['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6', 'VRRP', 'IGMP', 'ANY'] },
        },
      },
    },
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: { dns: { type: 'array', items: fqdnSelector } },
    },
  },
};

export const CILIUM_NETWORK_POLICY_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'cilium.io/v2' },
    kind: { const: 'CiliumNetworkPolicy' },
    metadata: {
      type: 'object',
      required: ['name', 'namespace'],
      properties: { name: { type: 'string' }, namespace: { type: 'string' } },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['endpointSelector'],
      properties: {
        endpointSelector: labelSelector,
        egress: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              toEndpoints: { type: 'array', items: labelSelector },
              toFQDNs: { type: 'array', items: fqdnSelector },
              toPorts: { type: 'array', items: portRule },
            },
          },
        },
      },
    },
  },
};
