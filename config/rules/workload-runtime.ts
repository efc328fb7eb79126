import type { WorkloadConfig, WorkloadTiming } from '../../environments/schema';
import type { Problems } from '../problems';
import { parseByteQuantity, suggestQuantity } from '../quantity';

/**
 * The runtime side of a workload: node-local disk (ephemeral storage) and its start/stop/probe timings.
 * The defaults live here so the chart and the config check read the same numbers.
 */
export const WORKLOAD_TIMING_DEFAULTS: Required<WorkloadTiming> = {
  startupSeconds: 300,
  preStopDelaySeconds: 10,
  shutdownSeconds: 60,
  livenessTimeoutSeconds: 3,
};

/** Ranges of each timing: a liveness timeout under 3 s restarts pods whose CPU limit throttles them at peak. */
export const WORKLOAD_TIMING_RANGES: Readonly<Record<keyof WorkloadTiming, { min: number; max: number }>> = {
  startupSeconds: { min: 10, max: 3600 },
  preStopDelaySeconds: { min: 0, max: 60 },
  shutdownSeconds: { min: 1, max: 600 },
  livenessTimeoutSeconds: { min: 3, max: 5 },
};

export const EPHEMERAL_STORAGE_DEFAULTS = { request: '1Gi', limit: '2Gi' } as const;
/** The pod's `/tmp` emptyDir (charts/workload-chart.ts TMP_SIZE_LIMIT) counts against the limit. */
const TMP_BYTES = 2 ** 30;
/** Room for container logs (the kubelet keeps up to 5 × 10 MiB per container) and the writable layer. */
const LOG_HEADROOM_BYTES = 512 * 2 ** 20;
export const MIN_EPHEMERAL_LIMIT_BYTES = TMP_BYTES + LOG_HEADROOM_BYTES;

/** A workload's timings with the defaults filled in. */
export function workloadTiming(workload: WorkloadConfig): Required<WorkloadTiming> {
  return { ...WORKLOAD_TIMING_DEFAULTS, ...workload.timing };
}

/** A workload's ephemeral-storage request and limit with the defaults filled in. */
export function ephemeralStorage(workload: WorkloadConfig): { request: string; limit: string } {
  return {
    request: workload.resources.requests.ephemeralStorage ?? EPHEMERAL_STORAGE_DEFAULTS.request,
    limit: workload.resources.limits.ephemeralStorage ?? EPHEMERAL_STORAGE_DEFAULTS.limit,
  };
}

/** `timing`: each value an integer in its range (a negative or fractional timeout is refused). */
export function checkTiming(p: Problems, path: string, timing: unknown): void {
  if (timing === undefined) return;
  const keys = Object.keys(WORKLOAD_TIMING_RANGES) as (keyof WorkloadTiming)[];
  if (!p.object(path, timing, [], keys)) return;
  for (const key of keys) {
    const value = (timing as WorkloadTiming)[key];
    if (value !== undefined)
      p.number(`${path}.${key}`, value, { ...WORKLOAD_TIMING_RANGES[key], integer: true });
  }
}

/** `resources.{requests,limits}.ephemeralStorage`: quantities, request ≤ limit, and a limit that holds `/tmp`. */
export function checkEphemeralStorage(
  p: Problems,
  path: string,
  resources: WorkloadConfig['resources'],
): void {
  const read = (which: 'requests' | 'limits'): number | undefined => {
    const value = resources[which]?.ephemeralStorage;
    const at = `${path}.${which}.ephemeralStorage`;
    if (value === undefined)
      return parseByteQuantity(EPHEMERAL_STORAGE_DEFAULTS[which === 'requests' ? 'request' : 'limit']);
    if (!p.string(at, value, undefined, "use a quantity such as '2Gi'")) return undefined;
    const bytes = parseByteQuantity(value);
    if (bytes === undefined || bytes <= 0) {
      p.add(at, value, 'not a Kubernetes quantity', `use binary units, e.g. '${suggestQuantity(value)}'`);
      return undefined;
    }
    return bytes;
  };
  const request = read('requests');
  const limit = read('limits');
  if (limit !== undefined && limit < MIN_EPHEMERAL_LIMIT_BYTES)
    p.add(
      `${path}.limits.ephemeralStorage`,
      resources.limits.ephemeralStorage,
      'leaves no room for the 1Gi /tmp volume plus logs: the kubelet evicts the pod when /tmp fills',
      `use at least ${MIN_EPHEMERAL_LIMIT_BYTES / 2 ** 20}Mi, e.g. '2Gi'`,
    );
  if (request !== undefined && limit !== undefined && request > limit)
    p.add(
      `${path}.requests.ephemeralStorage`,
      resources.requests.ephemeralStorage ?? EPHEMERAL_STORAGE_DEFAULTS.request,
      `more than the limit ${resources.limits.ephemeralStorage ?? EPHEMERAL_STORAGE_DEFAULTS.limit}`,
      'request at most the limit, or raise limits.ephemeralStorage',
    );
}
