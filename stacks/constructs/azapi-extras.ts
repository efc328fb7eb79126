import { TerraformDataSource, TerraformResource, type TerraformResourceLifecycle } from 'cdktf';
import type { Construct } from 'constructs';
import { AZAPI, type AzapiProvider, AzapiResource, type AzapiResourceProps } from '../data/azapi';

/**
 * What `stacks/data/azapi.ts` leaves out and the deployment agents and Synapse approvals need: tracked resources
 * (location, tags, retries), `azapi_update_resource` and the `azapi_resource` data source with JMESPath exports.
 * Hand-written like the rest of the azapi binding (attribute names are Terraform's, bodies keep ARM's camelCase).
 */

/** `retry`: azapi repeats a request whose error matches, e.g. while a role assignment propagates. */
export interface AzapiRetry {
  readonly errorMessageRegex: readonly string[];
  /** @default 10 (azapi's) */
  readonly intervalSeconds?: number;
  /** @default 180 (azapi's) */
  readonly maxIntervalSeconds?: number;
}

function synthRetry(retry: AzapiRetry | undefined): Record<string, unknown> | undefined {
  return retry
    ? {
        error_message_regex: [...retry.errorMessageRegex],
        interval_seconds: retry.intervalSeconds,
        max_interval_seconds: retry.maxIntervalSeconds,
      }
    : undefined;
}

export interface AzapiTrackedResourceProps extends AzapiResourceProps {
  readonly location: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  readonly retry?: AzapiRetry;
}

/** An `azapi_resource` of a tracked (regional, taggable) ARM type: `location` and `tags` are top-level attributes. */
export class AzapiTrackedResource extends AzapiResource {
  readonly location: string;
  readonly tagsValue: Readonly<Record<string, string>>;
  private readonly retry?: AzapiRetry;

  constructor(scope: Construct, id: string, props: AzapiTrackedResourceProps) {
    super(scope, id, props);
    this.location = props.location;
    this.tagsValue = props.tags ?? {};
    this.retry = props.retry;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      ...super.synthesizeAttributes(),
      location: this.location,
      tags: this.tagsValue,
      retry: synthRetry(this.retry),
    };
  }
}

export interface AzapiUpdateResourceProps {
  readonly provider: AzapiProvider;
  /** `<resource type>@<api version>`. */
  readonly type: string;
  readonly name: string;
  readonly parentId: string;
  /** Only the properties to set; the rest of the resource is left as it is. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly dependsOn?: readonly TerraformResource[];
  readonly retry?: AzapiRetry;
}

/**
 * An `azapi_update_resource`: sets some properties of a resource that something else created. Its refresh reads
 * the resource back, so a plan shows a diff when someone changes those properties (e.g. revokes an approval).
 */
export class AzapiUpdateResource extends TerraformResource {
  private readonly props: AzapiUpdateResourceProps;

  constructor(scope: Construct, id: string, props: AzapiUpdateResourceProps) {
    super(scope, id, {
      terraformResourceType: 'azapi_update_resource',
      terraformGeneratorMetadata: { providerName: 'azapi', providerVersionConstraint: AZAPI.version },
      provider: props.provider,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    this.props = props;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      type: this.props.type,
      name: this.props.name,
      parent_id: this.props.parentId,
      body: this.props.body,
      retry: synthRetry(this.props.retry),
    };
  }
}

export interface AzapiResourceDataProps {
  readonly provider: AzapiProvider;
  /** `<resource type>@<api version>`. */
  readonly type: string;
  /** The ARM id of the resource to read. */
  readonly resourceId: string;
  /** Exported values by key: JMESPath queries over the response (azapi ≥ 2.0). */
  readonly exports: Readonly<Record<string, string>>;
  readonly dependsOn?: readonly TerraformResource[];
  /** Pre- and postconditions (checked when the data source is read). */
  readonly lifecycle?: Pick<TerraformResourceLifecycle, 'postcondition'>;
}

/** The `azapi_resource` data source: reads one ARM resource and exports the values its JMESPath queries select. */
export class AzapiResourceData extends TerraformDataSource {
  private readonly props: AzapiResourceDataProps;

  constructor(scope: Construct, id: string, props: AzapiResourceDataProps) {
    super(scope, id, {
      terraformResourceType: 'azapi_resource',
      terraformGeneratorMetadata: { providerName: 'azapi', providerVersionConstraint: AZAPI.version },
      provider: props.provider,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      lifecycle: props.lifecycle,
    });
    this.props = props;
  }

  /** One exported value (`output.<key>`), as a Terraform reference. */
  exported(key: string): string {
    if (!(key in this.props.exports)) {
      throw new Error(
        `${this.node.path}: no export '${key}'. Fix: use one of ${Object.keys(this.props.exports).join(', ')}`,
      );
    }
    return this.getStringAttribute(`output.${key}`);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      type: this.props.type,
      resource_id: this.props.resourceId,
      response_export_values: this.props.exports,
    };
  }
}
