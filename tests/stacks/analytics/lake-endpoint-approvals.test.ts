import { search } from 'jmespath';
import { connectionQuery } from '../../../stacks/analytics/lake-endpoint-approvals';

/**
 * The query azapi runs over the lake (go-jmespath there; the reference implementation here, same language): it must
 * pick exactly the workspace's managed endpoint connection and nothing else on the account.
 */
const WS = 'synw-lakehouse-dev-reei8';
const DFS = 'mpe-stlakehousedevreei8-dfs';
const BLOB = 'mpe-stlakehousedevreei8-blob';
const pe = (name: string) =>
  `/subscriptions/00000000-0000-4000-8000-00000000000a/resourceGroups/managed-rg/providers/Microsoft.Network/privateEndpoints/${name}`;
const connection = (name: string, endpoint: string, status = 'Pending') => ({
  name,
  properties: { privateEndpoint: { id: pe(endpoint) }, privateLinkServiceConnectionState: { status } },
});

const lake = {
  properties: {
    privateEndpointConnections: [
      // The platform's own private endpoint, another workspace's endpoint and a look-alike name come first.
      connection('pe-lake-dfs.1111', 'pe-stlakehousedevreei8-dfs', 'Approved'),
      connection('other.2222', `synw-other-ws.${DFS}`),
      connection('lookalike.3333', `x${WS}.${DFS}`),
      connection(`${WS}.${BLOB}-4444`, `${WS}.${BLOB}`),
      connection(`${WS}.${DFS}-5555`, `${WS}.${DFS}`),
    ],
  },
};

test('selects exactly the connection of each managed endpoint', () => {
  expect(search(lake, connectionQuery(WS, DFS))).toBe(`${WS}.${DFS}-5555`);
  expect(search(lake, connectionQuery(WS, BLOB))).toBe(`${WS}.${BLOB}-4444`);
});

test('null while Synapse has not created the connection (the postcondition then stops the apply)', () => {
  expect(search({ properties: { privateEndpointConnections: [] } }, connectionQuery(WS, DFS))).toBeNull();
  expect(search({ properties: {} }, connectionQuery(WS, DFS))).toBeNull();
});
