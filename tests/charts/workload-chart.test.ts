import { STORAGE_CHART, synthesizeEnvironment } from '../../charts/manifests';
import { clientIdPlaceholder } from '../../charts/outputs';
import { selectorLabels } from '../../charts/workload-chart';
import { parseByteQuantity, parseCpuQuantity } from '../../config/quantity';
import { platformEndpoints } from '../../naming/endpoints';
import { Naming } from '../../naming/names';
import { ENVIRONMENT_NAMES, environment, type Json, manifestsOf, objectsOf, one, workloadOf } from './synth';

describe.each(ENVIRONMENT_NAMES)('%s', (name) => {
  const config = environment(name);

  test('one file per chart: the StorageClasses first, then one per workload', () => {
    expect(manifestsOf(name).map((c) => c.chart)).toEqual([
      STORAGE_CHART,
      ...config.workloads.map((w) => w.name),
    ]);
  });

  test('a StorageClass per kubernetes.storageClasses entry on the Azure Disk CSI driver', () => {
    expect(objectsOf(name, STORAGE_CHART)).toEqual(
      config.kubernetes.storageClasses.map((storageClass) => ({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: {
          name: storageClass.name,
          labels: {
            'app.kubernetes.io/managed-by': 'cdk8s',
            'app.kubernetes.io/part-of': 'azure-lakehouse-kit',
          },
        },
        provisioner: 'disk.csi.azure.com',
        parameters: { skuName: storageClass.skuName },
        reclaimPolicy: storageClass.reclaimPolicy,
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      })),
    );
  });

  describe.each(config.workloads.map((w) => [w.name, w] as const))('%s', (_, workload) => {
    const objects = () => objectsOf(name, workload.name);
    const statefulSet = (): Json => one(objects(), 'StatefulSet', workload.name);
    const pod = (): Json => statefulSet().spec.template;

    test('every namespaced object is in the workload namespace, and the Namespace comes first', () => {
      const [first, ...rest] = objects();
      expect(first).toMatchObject({ kind: 'Namespace', metadata: { name: workload.namespace } });
      for (const object of rest) expect(object.metadata.namespace).toBe(workload.namespace);
    });

    test('the namespace enforces Pod Security restricted', () => {
      expect(one(objects(), 'Namespace').metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.28',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      });
    });

    test('the ServiceAccount carries the identity client id (a placeholder offline)', () => {
      expect(one(objects(), 'ServiceAccount')).toMatchObject({
        metadata: {
          name: workload.serviceAccount,
          annotations: { 'azure.workload.identity/client-id': clientIdPlaceholder(workload.name) },
        },
        automountServiceAccountToken: false,
      });
      expect(pod().spec.serviceAccountName).toBe(workload.serviceAccount);
      expect(pod().metadata.labels['azure.workload.identity/use']).toBe('true');
    });

    test('the StatefulSet has one claim per replica with the configured size and class', () => {
      const spec = statefulSet().spec;
      expect(spec.volumeClaimTemplates).toEqual([
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: workload.storage.storageClass,
            resources: { requests: { storage: workload.storage.size } },
          },
        },
      ]);
      expect(spec.template.spec.containers[0].volumeMounts).toContainEqual({
        name: 'data',
        mountPath: workload.storage.mountPath,
      });
      const retain = config.protection.preventDestroy ? 'Retain' : 'Delete';
      expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: retain, whenScaled: retain });
    });

    test('replicas come from config, or from the autoscaler', () => {
      expect(statefulSet().spec.replicas).toBe(workload.autoscaling ? undefined : workload.replicas);
    });

    test('the headless Service and the PodDisruptionBudget select exactly this workload’s pods', () => {
      const labels = pod().metadata.labels;
      const headless: Json = one(objects(), 'Service', `${workload.name}-headless`);
      const budget: Json = one(objects(), 'PodDisruptionBudget', workload.name);
      expect(statefulSet().spec.serviceName).toBe(headless.metadata.name);
      expect(headless.spec.clusterIP).toBe('None');
      expect(headless.spec.selector).toMatchObject(selectorLabels(workload));
      expect(labels).toMatchObject(headless.spec.selector);
      expect(budget.spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: selectorLabels(workload) },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      });
      expect(statefulSet().spec.selector).toEqual({ matchLabels: selectorLabels(workload) });
      expect(labels).toMatchObject(budget.spec.selector.matchLabels);
      // ...and no other workload's pods.
      for (const other of config.workloads.filter((w) => w.name !== workload.name)) {
        const otherLabels = (one(objectsOf(name, other.name), 'StatefulSet') as Json).spec.template.metadata
          .labels;
        expect(otherLabels).not.toMatchObject(budget.spec.selector.matchLabels);
        expect(otherLabels).not.toMatchObject(headless.spec.selector);
      }
    });

    test('the container: pinned image, probes, requests and limits from config', () => {
      const container = pod().spec.containers[0];
      // A reference without a registry is pulled from the environment's own registry (the kubelet's AcrPull).
      const registry = `${new Naming(config).containerRegistry()}.azurecr.io`;
      expect(container.image).toBe(
        workload.image.includes('/') ? workload.image : `${registry}/${workload.image}`,
      );
      expect(container.image.startsWith(`${registry}/`)).toBe(true);
      expect(pod().metadata.labels['app.kubernetes.io/version']).toBe(workload.image.split(':').pop());
      expect(container.imagePullPolicy).toBe('IfNotPresent');
      expect(container.ports).toEqual([{ containerPort: workload.port }]);
      const timing = { ...workload.timing };
      expect(container.readinessProbe).toEqual({
        httpGet: { path: '/readyz', port: workload.port, scheme: 'HTTP' },
        periodSeconds: 10,
        timeoutSeconds: 3,
        failureThreshold: 3,
      });
      // 3–5 s: a 1 s timeout restarts a pod whose CPU limit throttles it at peak.
      expect(container.livenessProbe).toEqual({
        httpGet: { path: '/livez', port: workload.port, scheme: 'HTTP' },
        periodSeconds: 20,
        timeoutSeconds: timing.livenessTimeoutSeconds ?? 3,
        failureThreshold: 3,
      });
      expect(container.livenessProbe.timeoutSeconds).toBeGreaterThanOrEqual(3);
      expect(container.livenessProbe.timeoutSeconds).toBeLessThanOrEqual(5);
      // The startup budget from config, in 10 s checks.
      expect(container.startupProbe).toMatchObject({
        httpGet: { path: '/livez' },
        periodSeconds: 10,
        timeoutSeconds: 3,
        failureThreshold: Math.ceil((timing.startupSeconds ?? 300) / 10),
      });
      // Node disk bounded per pod, as configured.
      for (const which of ['requests', 'limits'] as const) {
        const configured = workload.resources[which].ephemeralStorage;
        expect(configured).toBeDefined();
        expect(parseByteQuantity(container.resources[which]['ephemeral-storage'])).toBe(
          parseByteQuantity(configured as string),
        );
      }
      for (const which of ['requests', 'limits'] as const) {
        expect(parseCpuQuantity(container.resources[which].cpu)).toBe(
          parseCpuQuantity(workload.resources[which].cpu),
        );
        expect(parseByteQuantity(container.resources[which].memory)).toBe(
          parseByteQuantity(workload.resources[which].memory),
        );
      }
    });

    test('replicas spread over zones (hard when the cluster has zones) and hosts', () => {
      const selector = { matchLabels: selectorLabels(workload) };
      expect(pod().spec.topologySpreadConstraints).toEqual([
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: (config.aks.zones ?? []).length > 1 ? 'DoNotSchedule' : 'ScheduleAnyway',
          labelSelector: selector,
          // A lost zone's nodes (tainted unreachable) and pools the pod cannot use do not count.
          nodeTaintsPolicy: 'Honor',
          nodeAffinityPolicy: 'Honor',
        },
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: selector,
          nodeTaintsPolicy: 'Honor',
          nodeAffinityPolicy: 'Honor',
        },
      ]);
    });

    test('stopping: preStop delay, then the configured shutdown time before SIGKILL', () => {
      const preStop = workload.timing?.preStopDelaySeconds ?? 10;
      const shutdown = workload.timing?.shutdownSeconds ?? 60;
      expect(preStop).toBeGreaterThan(0);
      expect(pod().spec.containers[0].lifecycle).toEqual({
        preStop: { exec: { command: ['sleep', String(preStop)] } },
      });
      expect(pod().spec.terminationGracePeriodSeconds).toBe(preStop + shutdown);
    });

    test('the rollout timeout covers one pod after another at the most replicas the workload runs', () => {
      const timing = {
        startupSeconds: 300,
        preStopDelaySeconds: 10,
        shutdownSeconds: 60,
        ...workload.timing,
      };
      const replicas = workload.autoscaling?.maxReplicas ?? workload.replicas;
      // grace + disk move (120 s) + startup + one readiness period (10 s), per replica.
      const perPod = timing.preStopDelaySeconds + timing.shutdownSeconds + 120 + timing.startupSeconds + 10;
      expect(statefulSet().metadata.annotations).toEqual({
        'azure-lakehouse-kit/rollout-timeout': `${replicas * perPod}s`,
      });
    });
  });

  describe('contract-validator', () => {
    const workload = workloadOf(config, 'contract-validator');
    const objects = () => objectsOf(name, workload.name);

    test('reads <domain>-raw and writes -validated/-deadletter over Kafka, endpoints from the naming module', () => {
      const endpoints = platformEndpoints(new Naming(config));
      const env = Object.fromEntries(
        (one(objects(), 'StatefulSet') as Json).spec.template.spec.containers[0].env.map((e: Json) => [
          e.name,
          e.value,
        ]),
      );
      expect(env).toEqual({
        PORT: String(workload.port),
        TMPDIR: '/tmp',
        LAKEHOUSE_ENVIRONMENT: name,
        KAFKA_BOOTSTRAP_SERVERS: `${endpoints.eventHubsFqdn}:9093`,
        KAFKA_CONSUMER_GROUP: 'contract-validator',
        KAFKA_INPUT_TOPICS: 'orders-raw,telemetry-raw',
        KAFKA_VALIDATED_TOPICS: 'orders-validated,telemetry-validated',
        KAFKA_DEADLETTER_TOPICS: 'orders-deadletter,telemetry-deadletter',
        SCHEMA_REGISTRY_URL: `https://${endpoints.eventHubsFqdn}`,
        // Standard namespaces (dev, test) have one schema group for all domains.
        SCHEMA_GROUPS: config.eventHubs.sku === 'Standard' ? 'contracts' : 'orders,telemetry',
        STATE_DIR: workload.storage.mountPath,
        CONTRACTS: expect.any(String), // tests/charts/validator-contracts.test.ts
      });
      expect(endpoints.eventHubsFqdn).toBe(
        `${new Naming(config).eventHubsNamespace()}.servicebus.windows.net`,
      );
    });

    test('no autoscaler and no ClusterIP Service (nobody calls it)', () => {
      expect(objects().filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
      expect(
        objects()
          .filter((o) => o.kind === 'Service')
          .map((s) => s.metadata.name),
      ).toEqual(['contract-validator-headless']);
    });
  });

  describe('model-serving', () => {
    const workload = workloadOf(config, 'model-serving');
    const objects = () => objectsOf(name, workload.name);

    test('Cosmos DB endpoint, database and containers from config and naming', () => {
      const env = Object.fromEntries(
        (one(objects(), 'StatefulSet') as Json).spec.template.spec.containers[0].env.map((e: Json) => [
          e.name,
          e.value,
        ]),
      );
      expect(env).toMatchObject({
        PORT: String(workload.port),
        COSMOS_ENDPOINT: `https://${new Naming(config).cosmosAccount()}.documents.azure.com:443/`,
        COSMOS_DATABASE: config.cosmos.databaseName,
        COSMOS_READ_CONTAINERS: 'features',
        COSMOS_WRITE_CONTAINERS: 'predictions',
        MODEL_CACHE_DIR: workload.storage.mountPath,
      });
    });

    test('a ClusterIP Service for callers', () => {
      expect((one(objects(), 'Service', workload.name) as Json).spec).toEqual({
        type: 'ClusterIP',
        externalIPs: [],
        ports: [{ name: 'http', port: workload.port, targetPort: workload.port }],
        selector: selectorLabels(workload),
      });
    });

    test('a HorizontalPodAutoscaler (autoscaling/v2) on CPU', () => {
      const autoscaler: Json = one(objects(), 'HorizontalPodAutoscaler', workload.name);
      expect(autoscaler.apiVersion).toBe('autoscaling/v2');
      expect(autoscaler.spec).toMatchObject({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: workload.name },
        minReplicas: workload.autoscaling?.minReplicas,
        maxReplicas: workload.autoscaling?.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: workload.autoscaling?.targetCpuPercent },
            },
          },
        ],
      });
    });
  });
});

test('client ids fill the ServiceAccount annotation when known', () => {
  const id = '0b7e4a8c-2f1d-4c3e-9a5b-6d7e8f9a0b1c';
  const charts = synthesizeEnvironment(environment('dev'), { clientIds: { 'model-serving': id } });
  const accounts = charts.flatMap((c) => c.objects).filter((o) => o.kind === 'ServiceAccount');
  expect(
    Object.fromEntries(
      accounts.map((a) => [a.metadata.name, a.metadata.annotations?.['azure.workload.identity/client-id']]),
    ),
  ).toEqual({ 'contract-validator': clientIdPlaceholder('contract-validator'), 'model-serving': id });
});

test('a registry-less image is pulled from the environment’s own registry', () => {
  const config = structuredClone(environment('dev')) as Json;
  config.workloads[0].image = 'contract-validator:1.4.2';
  const statefulSet: Json = one(synthesizeEnvironment(config)[1].objects as Json, 'StatefulSet');
  expect(statefulSet.spec.template.spec.containers[0].image).toBe(
    `${new Naming(config).containerRegistry()}.azurecr.io/contract-validator:1.4.2`,
  );
});
