import { workloadTiming } from '../config/rules/workload-runtime';
import type { WorkloadConfig } from '../environments/schema';

/**
 * The StatefulSet annotation `pipelines/scripts/rollout.sh` reads to know how long `kubectl rollout status`
 * may wait for this workload (a Go duration, e.g. `2500s`).
 */
export const ROLLOUT_TIMEOUT_ANNOTATION = 'azure-lakehouse-kit/rollout-timeout';
/** Scheduling, detaching the Azure disk from the old node and attaching it to the new one (1–2 min). */
export const ATTACH_MARGIN_SECONDS = 120;
/** The readiness probe's period: the first check after startup may come this late. */
export const READINESS_PERIOD_SECONDS = 10;

/**
 * How long a rolling update of the workload may take: a StatefulSet replaces one pod at a time (whatever its
 * `podManagementPolicy`), and each replacement may take the pod's termination grace period, the volume
 * move, the whole startup budget and one readiness period. The replica count is the most the workload may
 * run (the autoscaler's maximum), so a rollout at peak is not failed for being slow.
 */
export function rolloutTimeoutSeconds(workload: WorkloadConfig): number {
  const timing = workloadTiming(workload);
  const perPod =
    timing.preStopDelaySeconds +
    timing.shutdownSeconds +
    ATTACH_MARGIN_SECONDS +
    timing.startupSeconds +
    READINESS_PERIOD_SECONDS;
  const replicas = Math.max(workload.replicas, workload.autoscaling?.maxReplicas ?? 0);
  return replicas * perPod;
}
