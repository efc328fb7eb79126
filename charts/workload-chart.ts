import { Chart, Duration, Size } from 'cdk8s';
import { Capability, Cpu, EnvValue, ImagePullPolicy, SeccompProfileType } from 'cdk8s-plus-28/lib/container';
import { Handler } from 'cdk8s-plus-28/lib/handler';
import { HorizontalPodAutoscaler, Metric, MetricTarget } from 'cdk8s-plus-28/lib/horizontal-pod-autoscaler';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { FsGroupChangePolicy, LabelSelector } from 'cdk8s-plus-28/lib/pod';
import { Probe } from 'cdk8s-plus-28/lib/probe';
import { Service, ServiceType } from 'cdk8s-plus-28/lib/service';
import { ServiceAccount } from 'cdk8s-plus-28/lib/service-account';
import { PodManagementPolicy } from 'cdk8s-plus-28/lib/stateful-set';
import { Volume } from 'cdk8s-plus-28/lib/volume';
import type { Construct } from 'constructs';
import { parseImageReference, resolveImage } from '../config/image';
import { parseByteQuantity, parseCpuQuantity } from '../config/quantity';
import { ephemeralStorage, workloadTiming } from '../config/rules/workload-runtime';
import type { EnvironmentConfig, WorkloadConfig } from '../environments/schema';
import type { Naming } from '../naming/names';
import { RestrictedNamespace } from './constructs/restricted-namespace';
import { StatefulSetWithClaims } from './constructs/stateful-set-with-claims';
import { WorkloadNetworkPolicies } from './constructs/workload-network-policies';
import { clientIdPlaceholder } from './outputs';
import {
  READINESS_PERIOD_SECONDS,
  ROLLOUT_TIMEOUT_ANNOTATION,
  rolloutTimeoutSeconds,
} from './rollout-timeout';
import { workloadProfile } from './workload-profile';

/** The non-root user and group every workload runs as (images must not need root or a named user). */
export const RUN_AS_USER = 10001;
export const RUN_AS_GROUP = 10001;
/** The pod's writable scratch space; everything else but the claim is read-only. */
export const TMP_SIZE_LIMIT = Size.gibibytes(1);
/** Probe paths every workload image serves on its port. */
export const READINESS_PATH = '/readyz';
export const LIVENESS_PATH = '/livez';
/** The volume claim (and volume) name of every workload's state. */
export const DATA_VOLUME = 'data';
/** Every probe's timeout: 1 s (the default) fails checks of a busy pod throttled by its CPU limit. */
export const PROBE_TIMEOUT_SECONDS = 3;
/** The startup probe's period; its failure threshold spreads `timing.startupSeconds` over it. */
export const STARTUP_PERIOD_SECONDS = 10;

export interface WorkloadChartProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly workload: WorkloadConfig;
  /** @default - the placeholder `<<tf-output:workload_client_ids.<name>>>` */
  readonly clientId?: string;
}

/** The labels that select a workload's pods (immutable once deployed: nothing that changes per release). */
export function selectorLabels(workload: WorkloadConfig): Record<string, string> {
  return { 'app.kubernetes.io/name': workload.name, 'app.kubernetes.io/component': workload.kind };
}

/**
 * One workload in its own namespace: Namespace (Pod Security restricted), ServiceAccount (workload identity),
 * StatefulSet with a volume claim per replica, headless Service, PodDisruptionBudget, NetworkPolicies, and
 * for model-serving a ClusterIP Service and a HorizontalPodAutoscaler.
 * Construct ids are a contract: they decide the generated names that are not set explicitly.
 */
export class WorkloadChart extends Chart {
  readonly statefulSet: StatefulSetWithClaims;
  readonly serviceAccount: ServiceAccount;
  readonly headlessService: Service;
  readonly service?: Service;
  readonly autoscaler?: HorizontalPodAutoscaler;

  constructor(scope: Construct, id: string, props: WorkloadChartProps) {
    super(scope, id, {
      labels: { 'app.kubernetes.io/part-of': 'azure-lakehouse-kit', 'app.kubernetes.io/managed-by': 'cdk8s' },
    });
    const { config, naming, workload } = props;
    const namespace = workload.namespace;
    const selector = selectorLabels(workload);
    const profile = workloadProfile(config, naming, workload);
    const image = resolveImage(workload.image, `${naming.containerRegistry()}.azurecr.io`);

    new RestrictedNamespace(this, 'Namespace', { name: namespace });

    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name: workload.serviceAccount,
        namespace,
        annotations: {
          'azure.workload.identity/client-id': props.clientId ?? clientIdPlaceholder(workload.name),
          ...(config.tenantId ? { 'azure.workload.identity/tenant-id': config.tenantId } : {}),
        },
      },
      // The workload identity webhook projects its own Entra ID token; the API server token is not needed.
      automountToken: false,
    });

    this.headlessService = new Service(this, 'HeadlessService', {
      metadata: { name: `${workload.name}-headless`, namespace },
      clusterIP: 'None',
      ports: [{ name: 'http', port: workload.port, targetPort: workload.port }],
    });
    for (const [key, value] of Object.entries(selector)) this.headlessService.selectLabel(key, value);

    const zoned = (config.aks.zones ?? []).length > 1;
    const protectedData = config.protection.preventDestroy;
    const timing = workloadTiming(workload);
    const disk = ephemeralStorage(workload);
    // Only nodes a pod could run on count as spread domains: a zone whose nodes are down (tainted unreachable,
    // NoSchedule) or a pool the pod may not use (CriticalAddonsOnly) is left out, instead of pinning every
    // replacement to a dead zone (the default `Ignore` counts them).
    const spread = { nodeTaintsPolicy: 'Honor', nodeAffinityPolicy: 'Honor' } as const;
    this.statefulSet = new StatefulSetWithClaims(this, 'StatefulSet', {
      metadata: {
        name: workload.name,
        namespace,
        annotations: { [ROLLOUT_TIMEOUT_ANNOTATION]: `${rolloutTimeoutSeconds(workload)}s` },
      },
      podMetadata: {
        labels: {
          ...selector,
          'app.kubernetes.io/part-of': 'azure-lakehouse-kit',
          'app.kubernetes.io/version': imageVersion(workload.image),
          // The workload identity webhook injects the token volume and AZURE_* variables into labelled pods.
          'azure.workload.identity/use': 'true',
        },
      },
      select: false,
      service: this.headlessService,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      // The autoscaler owns the replica count when there is one.
      replicas: workload.autoscaling ? undefined : workload.replicas,
      // Replicas do not depend on each other's start order: start and stop them together.
      podManagementPolicy: PodManagementPolicy.PARALLEL,
      securityContext: {
        ensureNonRoot: true,
        user: RUN_AS_USER,
        group: RUN_AS_GROUP,
        // The claim's files belong to this group, so the non-root user can write them.
        fsGroup: RUN_AS_GROUP,
        fsGroupChangePolicy: FsGroupChangePolicy.ON_ROOT_MISMATCH,
      },
      podSeccompProfile: { type: 'RuntimeDefault' },
      // The grace period includes the preStop delay: SIGTERM comes after it, SIGKILL `shutdownSeconds` later.
      terminationGracePeriod: Duration.seconds(timing.preStopDelaySeconds + timing.shutdownSeconds),
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          // With zones, never stack replicas in one zone; without, the constraint cannot be met and only guides.
          whenUnsatisfiable: zoned ? 'DoNotSchedule' : 'ScheduleAnyway',
          labelSelector: { matchLabels: selector },
          ...spread,
        },
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: selector },
          ...spread,
        },
      ],
      volumeClaimTemplates: [
        {
          name: DATA_VOLUME,
          storage: k8s.Quantity.fromString(workload.storage.size),
          storageClassName: workload.storage.storageClass,
          mountPath: workload.storage.mountPath,
        },
      ],
      // Protected environments keep every claim (and, through the class's Retain, every disk).
      claimRetention: protectedData
        ? { whenDeleted: 'Retain', whenScaled: 'Retain' }
        : { whenDeleted: 'Delete', whenScaled: 'Delete' },
    });
    this.statefulSet.select(LabelSelector.of({ labels: selector }));

    const container = this.statefulSet.addContainer({
      name: workload.name,
      image,
      // Images are pinned (tag or digest), so a node never needs to pull the same reference twice.
      imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
      portNumber: workload.port,
      envVariables: Object.fromEntries(
        Object.entries(profile.env).map(([key, value]) => [key, EnvValue.fromValue(value)]),
      ),
      resources: {
        cpu: { request: cpu(workload.resources.requests.cpu), limit: cpu(workload.resources.limits.cpu) },
        memory: {
          request: memory(workload.resources.requests.memory),
          limit: memory(workload.resources.limits.memory),
        },
        // Bounds /tmp, logs and the writable layer on the node's disk: the kubelet evicts this pod, not its neighbours.
        ephemeralStorage: { request: bytes(disk.request), limit: bytes(disk.limit) },
      },
      // Endpoints and callers drop a terminating pod asynchronously: keep serving until they have.
      // Needs a `sleep` on the image's PATH (see docs/kubernetes.md); the kubelet's sleep action is not in v1.28.
      lifecycle:
        timing.preStopDelaySeconds > 0
          ? { preStop: Handler.fromCommand(['sleep', String(timing.preStopDelaySeconds)]) }
          : undefined,
      securityContext: {
        ensureNonRoot: true,
        user: RUN_AS_USER,
        group: RUN_AS_GROUP,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        // cdk8s-plus-28 sets neither of these by default; Pod Security restricted requires both.
        capabilities: { drop: [Capability.ALL] },
        seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT },
      },
      readiness: Probe.fromHttpGet(READINESS_PATH, {
        port: workload.port,
        periodSeconds: Duration.seconds(READINESS_PERIOD_SECONDS),
        timeoutSeconds: Duration.seconds(PROBE_TIMEOUT_SECONDS),
        failureThreshold: 3,
      }),
      liveness: Probe.fromHttpGet(LIVENESS_PATH, {
        port: workload.port,
        periodSeconds: Duration.seconds(20),
        timeoutSeconds: Duration.seconds(timing.livenessTimeoutSeconds),
        failureThreshold: 3,
      }),
      // Loading models or replaying the spill may take minutes; liveness only starts once this succeeds.
      startup: Probe.fromHttpGet(LIVENESS_PATH, {
        port: workload.port,
        periodSeconds: Duration.seconds(STARTUP_PERIOD_SECONDS),
        timeoutSeconds: Duration.seconds(PROBE_TIMEOUT_SECONDS),
        failureThreshold: Math.ceil(timing.startupSeconds / STARTUP_PERIOD_SECONDS),
      }),
    });
    container.mount('/tmp', Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: TMP_SIZE_LIMIT }));

    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: workload.name, namespace },
      spec: {
        // One at a time, whatever the replica count. A drain waits (evictions are retried) while another replica
        // is not ready, e.g. still starting on a surge node; AKS gives each node `drain_timeout` (30 min).
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: selector },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });

    if (profile.clusterService) {
      this.service = new Service(this, 'Service', {
        metadata: { name: workload.name, namespace },
        type: ServiceType.CLUSTER_IP,
        ports: [{ name: 'http', port: workload.port, targetPort: workload.port }],
      });
      for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);
    }

    if (workload.autoscaling) {
      this.autoscaler = new HorizontalPodAutoscaler(this, 'Autoscaler', {
        metadata: { name: workload.name, namespace },
        target: this.statefulSet,
        minReplicas: workload.autoscaling.minReplicas,
        maxReplicas: workload.autoscaling.maxReplicas,
        metrics: [Metric.resourceCpu(MetricTarget.averageUtilization(workload.autoscaling.targetCpuPercent))],
      });
    }

    new WorkloadNetworkPolicies(this, 'NetworkPolicies', {
      namespace,
      name: workload.name,
      podLabels: selector,
      azurePorts: profile.azurePorts,
      privateEndpointsCidr: config.network.privateEndpoints
        ? config.network.subnets.privateEndpoints
        : undefined,
      port: workload.port,
      callers: workload.callers,
      // ACNS security filters by FQDN; the config check allows it only with private endpoints.
      entraIdByName: (config.aks.containerNetworkSecurity ?? false) && config.network.privateEndpoints,
    });
  }
}

/** `250m` → 250 millicores, `2` → 2 cores, rendered back as written. */
function cpu(quantity: string): Cpu {
  const millis = parseCpuQuantity(quantity) as number;
  return quantity.endsWith('m') ? Cpu.millis(millis) : Cpu.units(millis / 1000);
}

/** cdk8s-plus renders memory in mebibytes (`1Gi` → `1024Mi`); the config rule allows whole MiB only. */
function memory(quantity: string): Size {
  return Size.mebibytes((parseByteQuantity(quantity) as number) / 2 ** 20);
}

/** An ephemeral-storage quantity (validated by the config check) in whole MiB, as cdk8s-plus renders sizes. */
function bytes(quantity: string): Size {
  return Size.mebibytes(Math.ceil((parseByteQuantity(quantity) as number) / 2 ** 20));
}

/** The image tag (or the digest's first 12 hex digits) as a label value: at most 63 characters, alphanumeric ends. */
function imageVersion(image: string): string {
  const reference = parseImageReference(image);
  const version = reference?.tag ?? reference?.digest?.slice('sha256:'.length, 'sha256:'.length + 12) ?? '';
  return (
    version
      .slice(0, 63)
      .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
      .replace(/[^A-Za-z0-9._-]/g, '-') || 'unknown'
  );
}
