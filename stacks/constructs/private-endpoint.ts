import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { Construct } from 'constructs';

export interface PrivateEndpointForProps {
  /** Name of the endpoint (from the naming module). */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The private-endpoints subnet. */
  readonly subnetId: string;
  /** The resource to reach privately. */
  readonly targetResourceId: string;
  /** The sub-resource (group id), e.g. `blob`, `dfs`, `vault`, `namespace`, `Sql`. */
  readonly subresource: string;
  /** The private DNS zone the endpoint registers its A record in. */
  readonly privateDnsZoneId: string;
}

/**
 * A private endpoint for one sub-resource, auto-approved, registered in its private DNS zone so that the
 * service's public name resolves to the private IP inside the VNet.
 */
export class PrivateEndpointFor extends Construct {
  readonly endpoint: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: PrivateEndpointForProps) {
    super(scope, id);
    this.endpoint = new PrivateEndpoint(this, 'endpoint', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      subnetId: props.subnetId,
      customNetworkInterfaceName: `${props.name}-nic`,
      privateServiceConnection: {
        name: props.name,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [props.subresource],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [props.privateDnsZoneId] },
    });
  }
}
