import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { Construct } from 'constructs';
import type { NotificationTargets } from '../../environments/schema';

export interface ActionGroupProps {
  /** The action group's resource name (see `Naming.actionGroup`). */
  readonly name: string;
  /** Shown in SMS and email subjects; Azure allows at most 12 characters. */
  readonly shortName: string;
  readonly resourceGroupName: string;
  /** Who is told. An action group with no receiver is valid (a quiet dev environment). */
  readonly targets: NotificationTargets;
  /**
   * Whether the group sends anything. A disabled group keeps its alerts wired (they still fire and show in the
   * portal) without mailing anyone.
   * @default true
   */
  readonly enabled?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * One Azure Monitor action group: the receivers of a set of alerts (emails and HTTPS webhooks, always with the
 * common alert schema so that one webhook consumer understands every alert the kit sends).
 *
 * Shared by the platform's alerting (per severity) and the data contracts (per domain's owners and consumers).
 * Action groups are global resources (`location = global`): they keep working in a regional outage.
 */
export class ActionGroup extends Construct {
  readonly group: MonitorActionGroup;

  constructor(scope: Construct, id: string, props: ActionGroupProps) {
    super(scope, id);
    if (props.shortName.length === 0 || props.shortName.length > 12) {
      throw new Error(
        `ActionGroup ${id}: shortName "${props.shortName}" is ${props.shortName.length} characters; Azure allows 1–12. Fix: shorten it`,
      );
    }
    this.group = new MonitorActionGroup(this, 'group', {
      name: props.name,
      shortName: props.shortName,
      resourceGroupName: props.resourceGroupName,
      location: 'global',
      enabled: props.enabled ?? true,
      // Receiver names must be unique within the group: derived from the position, stable while the list is.
      emailReceiver: (props.targets.emails ?? []).map((emailAddress, i) => ({
        name: `email-${i + 1}`,
        emailAddress,
        useCommonAlertSchema: true,
      })),
      webhookReceiver: (props.targets.webhooks ?? []).map((serviceUri, i) => ({
        name: `webhook-${i + 1}`,
        serviceUri,
        useCommonAlertSchema: true,
      })),
      tags: props.tags ? { ...props.tags } : undefined,
    });
  }

  /** The id that alerts' `action` blocks take. */
  get id(): string {
    return this.group.id;
  }
}
