import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Naming } from '../../naming/names';
import { ActionGroup } from '../constructs/action-group';
import { routeOf, type Severity } from './catalog';

export interface PlatformActionGroupsProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly resourceGroupName: string;
}

/**
 * The environment's action groups: `team` always, `oncall` when the environment names an on-call target. With
 * `operations.notify: false` both are disabled: alerts still fire and show in the portal, nobody is told.
 */
export class PlatformActionGroups extends Construct {
  readonly team: ActionGroup;
  readonly onCall?: ActionGroup;

  constructor(scope: Construct, id: string, props: PlatformActionGroupsProps) {
    super(scope, id);
    const { config, naming } = props;
    const ops = config.operations;
    const group = (groupId: string, purpose: string, targets: typeof ops.team) =>
      new ActionGroup(this, groupId, {
        name: naming.actionGroup(purpose),
        shortName: shortName(purpose, config.name),
        resourceGroupName: props.resourceGroupName,
        targets,
        enabled: ops.notify ?? true,
      });
    this.team = group('team', 'team', ops.team);
    if (ops.onCall) this.onCall = group('oncall', 'oncall', ops.onCall);
  }

  /** The action group id for an alert of this severity (0–1 page the on-call group where there is one). */
  idFor(severity: Severity): string {
    return routeOf(severity, this.onCall !== undefined) === 'oncall' && this.onCall
      ? this.onCall.id
      : this.team.id;
  }
}

/** `team-prod`, `oncall-dev`: at most 12 characters, as Azure requires for the SMS/email short name. */
export function shortName(purpose: string, environment: string): string {
  return `${purpose}-${environment}`.slice(0, 12).replace(/-+$/, '');
}
