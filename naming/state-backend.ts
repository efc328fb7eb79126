import type { BackendConfig, EnvironmentConfig } from '../environments/schema';
import { Naming } from './names';

/** An environment's state backend with every name resolved. */
export interface StateBackend extends BackendConfig {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
}

/** The container every stack's state blob lives in, unless `backend.containerName` says otherwise. */
export const DEFAULT_STATE_CONTAINER = 'tfstate';

/**
 * The environment's state backend, or undefined when it keeps state locally (no `backend`). Names not given in
 * `backend` are derived (`Naming.stateResourceGroup()`, `Naming.stateStorageAccount()`), so two adopters with
 * different `project` codes never race for the same globally unique account name; explicit names win, for an
 * account that already exists.
 */
export function stateBackend(config: EnvironmentConfig): StateBackend | undefined {
  const backend = config.backend;
  if (!backend) return undefined;
  const naming = new Naming(config);
  return {
    ...backend,
    resourceGroupName: backend.resourceGroupName ?? naming.stateResourceGroup(),
    storageAccountName: backend.storageAccountName ?? naming.stateStorageAccount(),
    containerName: backend.containerName ?? DEFAULT_STATE_CONTAINER,
  };
}
