import type { Container } from 'cdk8s-plus-28/lib/container';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { StatefulSet, type StatefulSetProps } from 'cdk8s-plus-28/lib/stateful-set';
import type { Construct } from 'constructs';

export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';
export type ClaimRetention = 'Retain' | 'Delete';

/** One PersistentVolumeClaim per replica, created by the StatefulSet controller from this template. */
export interface VolumeClaimTemplate {
  /** The claim and volume name; each pod gets a claim `<name>-<statefulset>-<ordinal>`. */
  readonly name: string;
  /** Requested size, e.g. `k8s.Quantity.fromString('10Gi')`. */
  readonly storage: k8s.Quantity;
  readonly storageClassName: string;
  /** Where the volume is mounted. */
  readonly mountPath: string;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: readonly AccessMode[];
  /** The containers (by name) that mount it. @default - every container of the pod (init containers: none) */
  readonly containers?: readonly string[];
}

export interface StatefulSetWithClaimsProps extends StatefulSetProps {
  /** @default - none */
  readonly volumeClaimTemplates?: readonly VolumeClaimTemplate[];
  /**
   * What happens to the claims when the StatefulSet is deleted or scaled down.
   * @default - Kubernetes' default, Retain for both
   */
  readonly claimRetention?: { readonly whenDeleted: ClaimRetention; readonly whenScaled: ClaimRetention };
  /** @default - none */
  readonly topologySpreadConstraints?: readonly k8s.TopologySpreadConstraint[];
  /**
   * Pod-level seccomp profile, inherited by every container (cdk8s-plus-28 renders it per container only).
   * @default - none
   */
  readonly podSeccompProfile?: k8s.SeccompProfile;
}

/**
 * A cdk8s-plus-28 StatefulSet with the fields that cdk8s-plus-28 cannot render: `volumeClaimTemplates`,
 * `persistentVolumeClaimRetentionPolicy`, `topologySpreadConstraints` and a pod-level `seccompProfile`.
 *
 * Why a subclass and not a JSON patch: the typed `KubeStatefulSet` converts its spec field by field
 * (`toJson_StatefulSetSpec`), and a quantity that is not a `k8s.Quantity` object comes out as nothing. A patch
 * with `storage: '10Gi'` therefore synthesizes a claim without a size, silently. Here the additions go into
 * the typed spec itself, so the compiler checks every field and the converter renders every value.
 */
export class StatefulSetWithClaims extends StatefulSet {
  private readonly claims: VolumeClaimTemplate[] = [];
  private readonly claimRetention?: StatefulSetWithClaimsProps['claimRetention'];
  private readonly spreadConstraints: readonly k8s.TopologySpreadConstraint[];
  private readonly podSeccompProfile?: k8s.SeccompProfile;

  constructor(scope: Construct, id: string, props: StatefulSetWithClaimsProps) {
    super(scope, id, props);
    this.claimRetention = props.claimRetention;
    this.spreadConstraints = props.topologySpreadConstraints ?? [];
    this.podSeccompProfile = props.podSeccompProfile;
    for (const claim of props.volumeClaimTemplates ?? []) this.addVolumeClaimTemplate(claim);
    this.node.addValidation({ validate: () => this.claimProblems() });
  }

  addVolumeClaimTemplate(claim: VolumeClaimTemplate): void {
    this.claims.push(claim);
  }

  get volumeClaimTemplates(): readonly VolumeClaimTemplate[] {
    return [...this.claims];
  }

  /** @internal the spec cdk8s-plus renders, plus the fields it lacks. */
  public override _toKube(): k8s.StatefulSetSpec {
    const spec = super._toKube();
    const pod = spec.template.spec as k8s.PodSpec;
    return {
      ...spec,
      template: {
        ...spec.template,
        spec: {
          ...pod,
          securityContext: this.podSeccompProfile
            ? { ...pod.securityContext, seccompProfile: this.podSeccompProfile }
            : pod.securityContext,
          containers: pod.containers.map((container) => this.withClaimMounts(container)),
          topologySpreadConstraints:
            this.spreadConstraints.length > 0 ? [...this.spreadConstraints] : undefined,
        },
      },
      volumeClaimTemplates:
        this.claims.length > 0
          ? this.claims.map((claim) => ({
              metadata: { name: claim.name },
              spec: {
                accessModes: [...(claim.accessModes ?? ['ReadWriteOnce'])],
                storageClassName: claim.storageClassName,
                resources: { requests: { storage: claim.storage } },
              },
            }))
          : undefined,
      persistentVolumeClaimRetentionPolicy: this.claimRetention ? { ...this.claimRetention } : undefined,
    };
  }

  private withClaimMounts(container: k8s.Container): k8s.Container {
    const mounts = this.claims
      .filter((claim) => claim.containers === undefined || claim.containers.includes(container.name))
      .map((claim): k8s.VolumeMount => ({ name: claim.name, mountPath: claim.mountPath }));
    if (mounts.length === 0) return container;
    return { ...container, volumeMounts: [...(container.volumeMounts ?? []), ...mounts] };
  }

  private claimProblems(): string[] {
    const problems: string[] = [];
    const containerNames = new Set(this.containers.map((c: Container) => c.name));
    const volumeNames = new Set([
      ...this.volumes.map((v) => v.name),
      ...this.containers.flatMap((c: Container) => c.mounts.map((m) => m.volume.name)),
    ]);
    const seen = new Set<string>();
    for (const claim of this.claims) {
      if (seen.has(claim.name)) problems.push(`volume claim template "${claim.name}" is defined twice`);
      seen.add(claim.name);
      if (volumeNames.has(claim.name))
        problems.push(`volume claim template "${claim.name}" has the name of a pod volume`);
      if (!claim.mountPath.startsWith('/'))
        problems.push(
          `volume claim template "${claim.name}": mountPath "${claim.mountPath}" is not absolute`,
        );
      for (const name of claim.containers ?? [])
        if (!containerNames.has(name))
          problems.push(`volume claim template "${claim.name}" mounts into unknown container "${name}"`);
    }
    return problems;
  }
}
