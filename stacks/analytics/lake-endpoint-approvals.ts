import type { SynapseManagedPrivateEndpoint } from '@cdktf/provider-azurerm/lib/synapse-managed-private-endpoint';
import { Construct } from 'constructs';
import { AzapiResourceData, AzapiUpdateResource } from '../constructs/azapi-extras';
import { type TimeProvider, TimeSleep } from '../constructs/time-sleep';
import type { AzapiProvider } from '../data/azapi';

/** Read the lake (its private endpoint connections) and approve one of them. */
export const STORAGE_ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts@2025-01-01';
export const STORAGE_CONNECTION_TYPE =
  'Microsoft.Storage/storageAccounts/privateEndpointConnections@2025-01-01';

export interface LakeEndpointApprovalsProps {
  readonly azapi: AzapiProvider;
  readonly time: TimeProvider;
  readonly lakeAccountId: string;
  /** The Synapse workspace name: Synapse names the private endpoint of a managed endpoint `<workspace>.<name>`. */
  readonly workspaceName: string;
  /** The workspace's managed private endpoints to the lake; only their connections are approved. */
  readonly managedEndpoints: readonly SynapseManagedPrivateEndpoint[];
}

/**
 * Approves, on the lake, the private endpoint connections that the workspace's managed private endpoints create
 * (they start Pending, and Spark has no path to the lake until then), as Databricks' Security Reference
 * Architecture does for its endpoints: read the account's `privateEndpointConnections`, pick the connection whose
 * private endpoint is the managed endpoint's (`…/privateEndpoints/<workspace>.<endpoint>`), and set its state with
 * `azapi_update_resource`. Nothing else on the account is touched.
 *
 * - plane/reach: management plane only (ARM), from any agent.
 * - permissions: `Microsoft.Storage/storageAccounts/privateEndpointConnectionsApproval/action` on the lake
 *   (Contributor has it).
 * - order: Synapse creates the endpoint asynchronously after the managed endpoint resource returns, so the first
 *   apply waits three minutes (`time_sleep`, on create only) before reading; if the connection is still missing,
 *   the read stops with a message (run the apply again) instead of approving nothing.
 * - second apply / drift: the update resource reads the connection back; a revoked or rejected approval shows as a
 *   diff in plan and in the drift pipeline.
 */
export class LakeEndpointApprovals extends Construct {
  readonly approvals: readonly AzapiUpdateResource[];

  constructor(scope: Construct, id: string, props: LakeEndpointApprovalsProps) {
    super(scope, id);
    const wait = new TimeSleep(this, 'wait-for-connections', {
      provider: props.time,
      createDuration: '3m',
      dependsOn: props.managedEndpoints,
    });
    const exports: Record<string, string> = {};
    props.managedEndpoints.forEach((endpoint, i) => {
      exports[`connection${i}`] = connectionQuery(props.workspaceName, plainName(endpoint));
    });
    const lake = new AzapiResourceData(this, 'lake-connections', {
      provider: props.azapi,
      type: STORAGE_ACCOUNT_TYPE,
      resourceId: props.lakeAccountId,
      exports,
      dependsOn: [wait],
      lifecycle: {
        postcondition: props.managedEndpoints.map((endpoint, i) => ({
          condition: `\${self.output.connection${i} != null}`,
          errorMessage: `Synapse has not yet created the lake connection of managed private endpoint ${plainName(endpoint)}; run the apply again in a few minutes.`,
        })),
      },
    });
    this.approvals = props.managedEndpoints.map(
      (endpoint, i) =>
        new AzapiUpdateResource(this, `approve-${endpoint.subresourceNameInput}`, {
          provider: props.azapi,
          type: STORAGE_CONNECTION_TYPE,
          name: lake.exported(`connection${i}`),
          parentId: props.lakeAccountId,
          body: {
            properties: {
              privateLinkServiceConnectionState: {
                status: 'Approved',
                description: `Synapse managed private endpoint ${props.workspaceName}.${plainName(endpoint)} (azure-lakehouse-kit)`,
              },
            },
          },
        }),
    );
  }
}

/**
 * JMESPath over the storage account: the name of the connection whose private endpoint's id contains
 * `/<workspace>.<endpoint>` (Synapse's naming of a managed endpoint's private endpoint; `contains`, not `ends_with`,
 * tolerates a suffix), or null when there is none yet. The dfs and blob names do not contain each other.
 */
export function connectionQuery(workspaceName: string, endpointName: string): string {
  return `properties.privateEndpointConnections[?contains(properties.privateEndpoint.id, '/${workspaceName}.${endpointName}')] | [0].name`;
}

/** The configured name (not a Terraform reference): it goes into a query string and a message. */
function plainName(endpoint: SynapseManagedPrivateEndpoint): string {
  const name = endpoint.nameInput;
  if (name === undefined) throw new Error(`${endpoint.node.path}: a managed private endpoint needs a name`);
  return name;
}
