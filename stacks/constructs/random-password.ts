import { TerraformProvider, TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';

/** hashicorp/random: generates values at apply time, offline (no credentials, no API). */
export const RANDOM = { source: 'hashicorp/random', version: '3.7.2' } as const;

export class RandomProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'random',
      terraformGeneratorMetadata: { providerName: 'random', providerVersionConstraint: RANDOM.version },
      terraformProviderSource: RANDOM.source,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

export interface RandomPasswordProps {
  readonly provider: RandomProvider;
  /** @default 32 */
  readonly length?: number;
}

/**
 * A `random_password`: generated once at create, kept in state (sensitive) and stable afterwards. At least two
 * of each character class, so it meets SQL's complexity rule; `override_special` leaves out characters that
 * need quoting in connection strings.
 */
export class RandomPassword extends TerraformResource {
  private readonly length: number;

  constructor(scope: Construct, id: string, props: RandomPasswordProps) {
    super(scope, id, {
      terraformResourceType: 'random_password',
      terraformGeneratorMetadata: { providerName: 'random', providerVersionConstraint: RANDOM.version },
      provider: props.provider,
    });
    this.length = props.length ?? 32;
  }

  /** The password (sensitive in state and plans). */
  get result(): string {
    return this.getStringAttribute('result');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      length: this.length,
      special: true,
      override_special: '!#%*-_+?',
      min_lower: 2,
      min_upper: 2,
      min_numeric: 2,
      min_special: 2,
    };
  }
}
