import { Namespace } from 'cdk8s-plus-28/lib/namespace';
import { Construct } from 'constructs';

export interface RestrictedNamespaceProps {
  readonly name: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The Pod Security Standards version the `enforce` mode is pinned to, so that a cluster upgrade never
   * starts rejecting pods by itself; `audit` and `warn` follow `latest` and show what the next version would
   * refuse before it is enforced.
   * @default 'v1.28'
   */
  readonly enforceVersion?: string;
}

/** The labels that make the Pod Security admission enforce `restricted` in a namespace. */
export function podSecurityLabels(enforceVersion = 'v1.28'): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': enforceVersion,
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': 'latest',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'latest',
  };
}

/** A namespace whose pods must meet Pod Security `restricted` (the admission controller refuses others). */
export class RestrictedNamespace extends Construct {
  readonly namespace: Namespace;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    this.namespace = new Namespace(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels, ...podSecurityLabels(props.enforceVersion) } },
    });
  }
}
