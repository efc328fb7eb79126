import type { Attributes } from '../policies/rule';
import type { ContractsReview } from './contracts';

/**
 * The review's model: what changes per environment and stack, whatever the source (two synth outputs or a
 * `terraform show -json` plan). The renderers only read this.
 */

export type Action = 'create' | 'update' | 'replace' | 'delete';

export interface ResourceChange {
  /** `dev-data`, or `dev-k8s` for the Kubernetes manifests of `dev`. */
  readonly stack: string;
  readonly environment: string;
  /** `data`, `kubernetes`, ... */
  readonly layer: string;
  /** Terraform address (`azurerm_storage_account.lake_account_92054329`) or `<Kind>/<namespace>/<name>`. */
  readonly address: string;
  /** Terraform type or Kubernetes kind. */
  readonly type: string;
  /** Construct path (`dev-data/lake/account`), manifest path, or the address when there is none. */
  readonly path: string;
  readonly action: Action;
  readonly before?: Attributes;
  readonly after?: Attributes;
  /** Why it is replaced or re-created, one line each. */
  readonly reasons: readonly string[];
  /** A destroy whose resource is created again under a new logical id: that construct path. */
  readonly recreatedAs?: string;
  /** A create that re-creates a destroyed resource under a new logical id: its old construct path. */
  readonly recreates?: string;
  /** Attribute paths a plan marks sensitive (masked in the diff). */
  readonly sensitivePaths?: readonly string[];
}

export type SecurityCategory =
  | 'access'
  | 'public-access'
  | 'local-auth'
  | 'tls'
  | 'network-rules'
  | 'private-endpoint'
  | 'diagnostics'
  | 'firewall'
  | 'protection'
  | 'policy'
  | 'kubernetes-rbac'
  | 'network-policy'
  | 'exposure'
  | 'security-context';

export interface Warning {
  readonly stack: string;
  readonly path: string;
  readonly type: string;
  readonly message: string;
}

/** A data-loss or lock warning: what is lost, what a lock would refuse, or a role the deployer cannot assign yet. */
export interface DataLossWarning extends Warning {
  readonly action: Action;
}

export interface SecurityChange extends Warning {
  readonly category: SecurityCategory;
}

export interface StackSummary {
  readonly stack: string;
  readonly environment: string;
  readonly layer: string;
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
}

/** Turns Terraform references in a value into construct paths for the reader. */
export type Describe = (stack: string, value: string) => string;

export interface Review {
  /** What was compared, as given (`origin/main`, a folder, `working tree`, a plan file). */
  readonly base: string;
  readonly head: string;
  readonly stacks: readonly StackSummary[];
  readonly changes: readonly ResourceChange[];
  readonly dataLoss: readonly DataLossWarning[];
  readonly security: readonly SecurityChange[];
  /** How the renderer shows references. @default - as written */
  readonly describe?: Describe;
  /** The data contracts section (`contracts/` of base and head). @default - none (plan reviews) */
  readonly contracts?: ContractsReview;
}

/** `dev-data` → `dev`, `data`; an environment name may itself contain dashes (`prod-eu-data`). */
export function splitStackName(stack: string): { environment: string; layer: string } {
  const dash = stack.lastIndexOf('-');
  return dash === -1
    ? { environment: stack, layer: '' }
    : { environment: stack.slice(0, dash), layer: stack.slice(dash + 1) };
}

const ACTION_ORDER: Record<Action, number> = { delete: 0, replace: 1, create: 2, update: 3 };

export function byStackAndPath(a: ResourceChange, b: ResourceChange): number {
  return (
    a.stack.localeCompare(b.stack) ||
    a.path.localeCompare(b.path) ||
    ACTION_ORDER[a.action] - ACTION_ORDER[b.action] ||
    a.address.localeCompare(b.address)
  );
}

export function byWarning(a: Warning, b: Warning): number {
  return a.stack.localeCompare(b.stack) || a.path.localeCompare(b.path) || a.message.localeCompare(b.message);
}
