import { resolveThresholds } from '../../config/rules/operations';
import type { EnvironmentConfig } from '../../environments/schema';
import type { Severity } from './catalog';

/**
 * The Prometheus alert rules for the AKS cluster, in three groups as mspnp/aks-baseline has them
 * (`prometheusMetricAlerts.bicep`, Azure's recommended Kubernetes alerts): node, pod and cluster level. Expressions
 * use only metrics that managed Prometheus collects by default (kube-state-metrics and kubelet, minimal
 * ingestion profile). Evaluated by Azure Monitor on the environment's monitor workspace.
 */
export interface PrometheusAlertRule {
  readonly alert: string;
  readonly expression: string;
  /** How long the expression must hold before the alert fires (ISO 8601). */
  readonly for: string;
  readonly severity: Severity;
  readonly description: string;
}

export interface PrometheusRuleGroupSpec {
  /** `node`, `pod` or `cluster`: the end of the group's name and its construct id. */
  readonly id: 'node' | 'pod' | 'cluster';
  readonly rules: readonly PrometheusAlertRule[];
}

export function prometheusRuleGroups(config: EnvironmentConfig): PrometheusRuleGroupSpec[] {
  const pvcRatio = resolveThresholds(config).pvcUsagePercent / 100;
  return [
    {
      id: 'node',
      rules: [
        {
          alert: 'KubeNodeNotReady',
          expression:
            'kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"} == 0',
          for: 'PT15M',
          severity: 1,
          description:
            'Node {{ $labels.node }} has not been Ready for 15 minutes: its pods are being evicted. Check the node in the portal (Node pools) and the AKS resource health; cordon and let the autoscaler replace it if it does not recover.',
        },
        {
          alert: 'KubeNodeUnreachable',
          expression:
            '(kube_node_spec_taint{job="kube-state-metrics",key="node.kubernetes.io/unreachable",effect="NoSchedule"} unless ignoring(key,value) kube_node_spec_taint{job="kube-state-metrics",key=~"ToBeDeletedByClusterAutoscaler"}) == 1',
          for: 'PT15M',
          severity: 2,
          description:
            'Node {{ $labels.node }} is unreachable; its workloads may be rescheduled. Check the VM scale set instance and the node subnet.',
        },
        {
          alert: 'KubeNodeReadinessFlapping',
          expression:
            'sum(changes(kube_node_status_condition{status="true",condition="Ready"}[15m])) by (cluster, node) > 2',
          for: 'PT15M',
          severity: 3,
          description:
            'The readiness of node {{ $labels.node }} changed more than twice in 15 minutes: look for memory or disk pressure on it.',
        },
      ],
    },
    {
      id: 'pod',
      rules: [
        {
          alert: 'KubePodCrashLooping',
          expression:
            'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", job="kube-state-metrics"}[5m]) >= 1',
          for: 'PT15M',
          severity: 2,
          description:
            'Pod {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is crash looping. Read its previous logs (ContainerLogV2 in Log Analytics, or kubectl logs --previous); roll back the image if a rollout caused it.',
        },
        {
          alert: 'KubePodNotReady',
          expression:
            'sum by (namespace, pod, cluster) (max by (namespace, pod, cluster) (kube_pod_status_phase{job="kube-state-metrics", phase=~"Pending|Unknown"}) * on (namespace, pod, cluster) group_left(owner_kind) topk by (namespace, pod, cluster) (1, max by (namespace, pod, owner_kind, cluster) (kube_pod_owner{owner_kind!="Job"}))) > 0',
          for: 'PT15M',
          severity: 2,
          description:
            'Pod {{ $labels.namespace }}/{{ $labels.pod }} has been pending (or unknown) for 15 minutes: no node fits it, or its volume cannot attach. kubectl describe pod shows the scheduling events.',
        },
        {
          alert: 'KubePVCUsageHigh',
          expression: `kubelet_volume_stats_used_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"} > ${pvcRatio}`,
          for: 'PT15M',
          severity: 2,
          description: `Volume claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is more than ${Math.round(pvcRatio * 100)} % full. Grow it (docs/kubernetes.md, volume resize) before the workload stops writing.`,
        },
      ],
    },
    {
      id: 'cluster',
      rules: [
        {
          alert: 'KubePersistentVolumeErrors',
          expression:
            'kube_persistentvolume_status_phase{phase=~"Failed|Pending",job="kube-state-metrics"} > 0',
          for: 'PT5M',
          severity: 2,
          description:
            'Persistent volume {{ $labels.persistentvolume }} is {{ $labels.phase }}: a StatefulSet replica cannot start. Check the disk CSI driver events and the disk in the node resource group.',
        },
        {
          alert: 'KubeContainerOOMKilledCount',
          expression:
            'sum by (cluster, container, namespace) (kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}) > 0',
          for: 'PT5M',
          severity: 3,
          description:
            'Container {{ $labels.namespace }}/{{ $labels.container }} was killed for memory: raise its memory limit in the workload config or fix the leak.',
        },
        {
          alert: 'KubeDaemonSetNotScheduled',
          expression:
            'kube_daemonset_status_desired_number_scheduled{job="kube-state-metrics"} - kube_daemonset_status_current_number_scheduled{job="kube-state-metrics"} > 0',
          for: 'PT15M',
          severity: 3,
          description:
            'DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} is missing pods on some nodes (monitoring or security agents included).',
        },
      ],
    },
  ];
}
