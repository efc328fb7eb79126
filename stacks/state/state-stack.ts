import { DataAzurermSubscription } from '@cdktf/provider-azurerm/lib/data-azurerm-subscription';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import type { Construct } from 'constructs';
import { stateBackend } from '../../naming/state-backend';
import { suppress } from '../../policies/suppressions';
import { protect } from '../constructs/protection';
import { storageIpRules } from '../constructs/storage-ip-rules';
import { LayerStack, type LayerStackProps } from '../layer-stack';
import type { AssignedRole } from './assigned-roles';
import { Deployers } from './deployers';

export interface StateStackProps extends LayerStackProps {
  /**
   * Every role definition the environment's stacks assign (`assignedRoles` over them; `buildBootstrapApp`
   * computes it): the apply identity's role-assignment condition allows exactly these.
   * @default - required when the environment names `deployers`
   */
  readonly assignableRoles?: readonly AssignedRole[];
}

/** How long deleted or overwritten state blobs can be recovered. */
export const STATE_RECOVERY_DAYS = 30;

/**
 * `<env>-state`: the storage account that holds the environment's Terraform state (its `backend`), created once
 * before anything else (`npm run bootstrap -- --env <env>`, then `LAKEHOUSE_BOOTSTRAP=1 npx cdktf deploy <env>-state`).
 *
 * Its own state is local (it cannot live in the account it creates). Every state version is kept (blob versioning)
 * and deleted blobs and containers can be recovered for 30 days; access is Entra ID only, and the account and its
 * resource group are always protected, whatever the environment's protection says: losing state orphans everything.
 */
export class StateStack extends LayerStack {
  readonly account: StorageAccount;
  readonly container: StorageContainer;

  /** The deployers' role assignments; undefined when the environment names no `deployers`. */
  readonly deployers?: Deployers;

  constructor(scope: Construct, props: StateStackProps) {
    super(scope, 'state', props);
    const backend = stateBackend(this.config);
    if (!backend) {
      throw new Error(
        `StateStack ${this.config.name}: the environment has no backend. Fix: add backend to environments/${this.config.name}.ts`,
      );
    }
    const location = this.config.location;
    const group = new ResourceGroup(this, 'rg-state', { name: backend.resourceGroupName, location });
    this.account = new StorageAccount(this, 'state-account', {
      name: backend.storageAccountName,
      resourceGroupName: group.name,
      location,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: this.config.lake.replication,
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      networkRules: backend.allowedIpRanges
        ? {
            defaultAction: 'Deny',
            bypass: ['AzureServices'],
            ipRules: storageIpRules(backend.allowedIpRanges),
          }
        : undefined,
      blobProperties: {
        versioningEnabled: true,
        changeFeedEnabled: true,
        deleteRetentionPolicy: { days: STATE_RECOVERY_DAYS },
        containerDeleteRetentionPolicy: { days: STATE_RECOVERY_DAYS },
      },
    });
    this.container = new StorageContainer(this, 'state-container', {
      name: backend.containerName,
      storageAccountId: this.account.id,
      containerAccessType: 'private',
    });
    // The lock sits on the account, so nothing may be managed under it that ever has to go: the deployers' state
    // grants below are on the resource group (which holds only this account), not on the account or container.
    protect(this.account, { preventDestroy: true, managementLocks: true });

    if (this.config.deployers) {
      if (!props.assignableRoles)
        throw new Error(
          `StateStack ${this.config.name}: deployers are configured but no assignableRoles were given. Fix: build the bootstrap with buildBootstrapApp (it computes them from the environment's stacks)`,
        );
      const subscription = this.config.subscriptionId
        ? `/subscriptions/${this.config.subscriptionId}`
        : new DataAzurermSubscription(this, 'subscription').id;
      this.deployers = new Deployers(this, 'deployers', {
        deployers: this.config.deployers,
        environmentLabel: `${this.config.project}-${this.config.name}`,
        subscriptionScope: subscription,
        stateScope: group.id,
        assignableRoles: props.assignableRoles,
        locks: this.config.protection.managementLocks,
      });
    }

    // What the platform's policy pack asks of every storage account, and why the state account cannot have it:
    // it exists before the VNet, the private endpoints and Log Analytics, which the state it holds creates.
    const beforeThePlatform =
      'the state account is created before the VNet, private endpoints and Log Analytics that its state creates';
    suppress(
      this.account,
      'diagnostics-present',
      `${beforeThePlatform}; access is Entra ID only and shows in the sign-in logs`,
    );
    if (this.config.network.privateEndpoints) {
      // The environment's services are private; its state cannot be.
      suppress(
        this.account,
        'private-endpoints-present',
        `${beforeThePlatform}; pipeline agents reach it over its public endpoint`,
      );
      suppress(
        this.account,
        'public-network-access',
        `${beforeThePlatform}; pipeline agents reach it over its public endpoint, Entra ID only`,
      );
    }
    if (!backend.allowedIpRanges) {
      suppress(
        this.account,
        'network-default-deny',
        'Microsoft-hosted pipeline agents have no fixed addresses; list your agents in backend.allowedIpRanges to deny every other network',
      );
    }
  }
}
