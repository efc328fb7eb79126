import { TerraformProvider, TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';

/** hashicorp/time: waits and timestamps, offline (no credentials, no API). */
export const TIME = { source: 'hashicorp/time', version: '0.13.1' } as const;

export class TimeProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'time',
      terraformGeneratorMetadata: { providerName: 'time', providerVersionConstraint: TIME.version },
      terraformProviderSource: TIME.source,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

export interface TimeSleepProps {
  readonly provider: TimeProvider;
  /** How long to wait after `dependsOn` is created, e.g. `3m`. Only on create: later applies do not wait. */
  readonly createDuration: string;
  readonly dependsOn: readonly TerraformResource[];
}

/** A `time_sleep`: lets an asynchronous Azure operation finish before something reads its result. */
export class TimeSleep extends TerraformResource {
  private readonly createDuration: string;

  constructor(scope: Construct, id: string, props: TimeSleepProps) {
    super(scope, id, {
      terraformResourceType: 'time_sleep',
      terraformGeneratorMetadata: { providerName: 'time', providerVersionConstraint: TIME.version },
      provider: props.provider,
      dependsOn: [...props.dependsOn],
    });
    this.createDuration = props.createDuration;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { create_duration: this.createDuration };
  }
}
