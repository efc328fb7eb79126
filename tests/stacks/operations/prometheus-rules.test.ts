import { prometheusRuleGroups } from '../../../stacks/operations/prometheus-rules';
import { environment } from '../../helpers/synth';

/** The part of the Lezer tree API used here (the package is ESM with a CommonJS build, required at run time). */
interface SyntaxNodeRef {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly type: { readonly isError: boolean };
  readonly node: { readonly parent: { readonly name: string } | null };
}
const { parser } = require('@prometheus-io/lezer-promql') as {
  parser: { parse(text: string): { iterate(spec: { enter(node: SyntaxNodeRef): void }): void } };
};

/**
 * Metrics managed Prometheus collects by default (minimal ingestion profile: kube-state-metrics and kubelet
 * targets). A rule on anything else would never fire.
 */
const DEFAULT_METRICS = new Set([
  'kube_node_status_condition',
  'kube_node_spec_taint',
  'kube_pod_container_status_waiting_reason',
  'kube_pod_status_phase',
  'kube_pod_owner',
  'kubelet_volume_stats_used_bytes',
  'kubelet_volume_stats_capacity_bytes',
  'kube_persistentvolume_status_phase',
  'kube_pod_container_status_last_terminated_reason',
  'kube_daemonset_status_desired_number_scheduled',
  'kube_daemonset_status_current_number_scheduled',
]);

/** Parses a PromQL expression with Prometheus' own grammar: its syntax errors and the metrics it selects. */
function parse(expression: string): { errors: number; metrics: string[] } {
  const tree = parser.parse(expression);
  let errors = 0;
  const metrics: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors++;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector')
        metrics.push(expression.slice(node.from, node.to));
    },
  });
  return { errors, metrics };
}

test('the parser catches a broken expression (the checks below can fail)', () => {
  expect(parse('sum(rate(kube_pod_owner[5m]) by (pod)').errors).toBeGreaterThan(0);
  expect(parse('kube_pod_owner{owner_kind!="Job"} > 0')).toEqual({ errors: 0, metrics: ['kube_pod_owner'] });
});

describe.each(['dev', 'prod'])('%s rule groups', (name) => {
  const config = environment(name);
  const groups = prometheusRuleGroups(config);

  test('node, pod and cluster groups with the issue alerts', () => {
    expect(groups.map((g) => [g.id, g.rules.map((r) => r.alert)])).toEqual([
      ['node', ['KubeNodeNotReady', 'KubeNodeUnreachable', 'KubeNodeReadinessFlapping']],
      ['pod', ['KubePodCrashLooping', 'KubePodNotReady', 'KubePVCUsageHigh']],
      ['cluster', ['KubePersistentVolumeErrors', 'KubeContainerOOMKilledCount', 'KubeDaemonSetNotScheduled']],
    ]);
  });

  test('every expression parses as PromQL and selects only metrics collected by default', () => {
    for (const rule of groups.flatMap((g) => g.rules)) {
      const { errors, metrics } = parse(rule.expression);
      expect({ alert: rule.alert, errors }).toEqual({ alert: rule.alert, errors: 0 });
      expect(metrics.length).toBeGreaterThan(0);
      for (const metric of metrics)
        expect({ alert: rule.alert, metric, known: DEFAULT_METRICS.has(metric) }).toMatchObject({
          known: true,
        });
      expect(rule.for).toMatch(/^PT\d+M$/);
    }
  });

  test('the volume claim threshold comes from the config', () => {
    const rule = groups[1].rules.find((r) => r.alert === 'KubePVCUsageHigh');
    expect(rule?.expression).toBe(
      'kubelet_volume_stats_used_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"} > 0.8',
    );
    const changed = structuredClone(config);
    const lower = prometheusRuleGroups({
      ...changed,
      operations: { ...changed.operations, thresholds: { pvcUsagePercent: 65 } },
    });
    expect(lower[1].rules[2].expression).toMatch(/ > 0\.65$/);
  });
});
