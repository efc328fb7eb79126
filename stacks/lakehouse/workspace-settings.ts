import { DefaultNamespaceSetting } from '@cdktf/provider-databricks/lib/default-namespace-setting';
import { DisableLegacyAccessSetting } from '@cdktf/provider-databricks/lib/disable-legacy-access-setting';
import { DisableLegacyDbfsSetting } from '@cdktf/provider-databricks/lib/disable-legacy-dbfs-setting';
import { WorkspaceConf } from '@cdktf/provider-databricks/lib/workspace-conf';
import { Construct } from 'constructs';

/**
 * Workspace admin settings that take the ways around Unity Catalog away. `custom_config` keys are the workspace
 * configuration keys the Databricks Security Reference Architecture sets; values are strings.
 */
export const WORKSPACE_CONF: Readonly<Record<string, string>> = {
  // No "no isolation shared" clusters: every cluster runs in a Unity Catalog access mode.
  enforceUserIsolation: 'true',
  // No browsing of DBFS root in the UI (legacy DBFS is disabled below as well).
  enableDbfsFileBrowser: 'false',
  // Audit logs record the commands run in notebooks.
  enableVerboseAuditLogs: 'true',
};

export interface WorkspaceSettingsProps {
  /** The catalog queries without a catalog name use (instead of `hive_metastore`). */
  readonly defaultCatalog: string;
}

/**
 * The workspace's legacy switches, off: no direct Hive metastore access, no fallback mode on external
 * locations, no runtimes before 13.3 LTS (disable legacy access); no DBFS root or mounts (disable legacy DBFS);
 * no clusters without user isolation. The default namespace moves off `hive_metastore`, as the provider docs ask
 * when legacy access is disabled. Each setting takes a few minutes to reach running clusters (restart them).
 */
export class WorkspaceSettings extends Construct {
  constructor(scope: Construct, id: string, props: WorkspaceSettingsProps) {
    super(scope, id);
    new DisableLegacyAccessSetting(this, 'disable-legacy-access', { disableLegacyAccess: { value: true } });
    new DisableLegacyDbfsSetting(this, 'disable-legacy-dbfs', { disableLegacyDbfs: { value: true } });
    new DefaultNamespaceSetting(this, 'default-namespace', { namespace: { value: props.defaultCatalog } });
    new WorkspaceConf(this, 'conf', { customConfig: { ...WORKSPACE_CONF } });
  }
}
