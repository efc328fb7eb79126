import { TerraformProvider, TerraformResource, type TerraformResourceLifecycle } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * Just enough of the `azure/azapi` provider for the one thing azurerm 4.55 cannot express: Event Hubs capture that
 * authenticates with the namespace's managed identity (`captureDescription.destination.identity`, ARM API
 * 2024-01-01). azurerm's `capture_description` only knows the SAS mode, which needs the lake's shared keys; azurerm
 * added the identity options after 4.55 (terraform-provider-azurerm PR #31265). Hand-written instead of
 * `cdktf get` bindings: one resource type does not justify a generated package.
 */
// Exact, like azurerm: the lock file Build writes (pipelines/scripts/lock-providers.sh) then holds one build of
// it, and dev, test and prod all plan with the version whose ARM schemas the provider validation uses (2.12.0).
export const AZAPI = { source: 'azure/azapi', version: '2.12.0' } as const;

export interface AzapiProviderProps {
  /** @default - `ARM_SUBSCRIPTION_ID`, like the azurerm provider */
  readonly subscriptionId?: string;
  /** @default - `ARM_TENANT_ID` */
  readonly tenantId?: string;
}

/**
 * The azapi provider block. It authenticates like azurerm: in pipelines `ARM_USE_OIDC=true` (workload identity
 * federation), locally the Azure CLI login.
 */
export class AzapiProvider extends TerraformProvider {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: AzapiProviderProps = {},
  ) {
    super(scope, id, {
      terraformResourceType: 'azapi',
      terraformGeneratorMetadata: { providerName: 'azapi', providerVersionConstraint: AZAPI.version },
      terraformProviderSource: AZAPI.source,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { subscription_id: this.props.subscriptionId, tenant_id: this.props.tenantId };
  }
}

export interface AzapiResourceProps {
  readonly provider: AzapiProvider;
  /** `<resource type>@<api version>`, e.g. `Microsoft.EventHub/namespaces/eventhubs@2024-01-01`. */
  readonly type: string;
  readonly name: string;
  /** The ARM id of the parent resource. */
  readonly parentId: string;
  /** The request body (ARM property names, camelCase), e.g. `{ properties: { ... } }`. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly dependsOn?: readonly TerraformResource[];
  readonly lifecycle?: TerraformResourceLifecycle;
}

/** An `azapi_resource`: an ARM resource managed through its REST API. */
export class AzapiResource extends TerraformResource {
  readonly type: string;
  readonly name: string;
  private readonly parentId: string;
  private readonly body: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: AzapiResourceProps) {
    super(scope, id, {
      terraformResourceType: 'azapi_resource',
      terraformGeneratorMetadata: { providerName: 'azapi', providerVersionConstraint: AZAPI.version },
      provider: props.provider,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      lifecycle: props.lifecycle,
    });
    this.type = props.type;
    this.name = props.name;
    this.parentId = props.parentId;
    this.body = props.body;
  }

  /** The ARM resource id. */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /** Reads the name through Terraform, so that whatever uses it waits for the resource. */
  get nameOutput(): string {
    return this.getStringAttribute('name');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    // Attribute names are Terraform's (snake_case); the body keeps ARM's camelCase, so it is not converted.
    return { type: this.type, name: this.name, parent_id: this.parentId, body: this.body };
  }
}
