import { TerraformElement } from 'cdktf';
import type { Construct } from 'constructs';

export interface MovedBlockProps {
  /** The address the state holds today, e.g. `azurerm_eventhub.streams_hub-orders-deadletter_2CB8358A`. */
  readonly from: string;
  /** The address the configuration declares now. */
  readonly to: string;
}

/**
 * A Terraform `moved` block, written as it is.
 *
 * cdktf's own `moveFromId` writes the same block but also makes every synth run `terraform version` to check for
 * Terraform >= 1.5 (`Synthesizer`: `hasResourceMove()` adds a ValidateTerraformVersion), so `npm run synth` would
 * fail on a machine without Terraform. The pipelines pin Terraform >= 1.11.2 (`install-terraform.sh`), which
 * understands moved blocks, including moves between resource types that the target provider supports (azapi 2.x
 * takes `azurerm_*` state over).
 */
export class MovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: MovedBlockProps,
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { moved: [{ from: this.props.from, to: this.props.to }] };
  }
}
