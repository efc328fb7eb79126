import type { Json } from '../charts/synth';
import { problemsAfter } from '../helpers/config';

/** Tests break the config's types on purpose. */
type Loose = Json;
const validator = (c: Loose): Loose => c.workloads[0];
const serving = (c: Loose): Loose => c.workloads[1];

describe('workloads: each bad input gives one line', () => {
  test.each<[string, string, (c: Loose) => void, string]>([
    [
      'replicas below 1',
      'dev',
      (c) => (validator(c).replicas = 0),
      'environments/dev.ts: workloads[0].replicas = 0: out of range of at least 1. Fix: use a value of at least 1',
    ],
    [
      'a PVC size that is not a quantity',
      'dev',
      (c) => (validator(c).storage.size = '10GB'),
      'environments/dev.ts: workloads[0].storage.size = "10GB": not a Kubernetes quantity. Fix: use binary units, e.g. \'10Gi\'',
    ],
    [
      'a storage class that does not exist',
      'dev',
      (c) => (serving(c).storage.storageClass = 'premium'),
      'environments/dev.ts: workloads[1].storage.storageClass = "premium": no such StorageClass in kubernetes.storageClasses. Fix: use one of: lakehouse-ssd, or define it in kubernetes.storageClasses',
    ],
    [
      'a hub the environment does not define',
      'dev',
      (c) => (validator(c).access.eventHubs[0].hub = 'invoices-raw'),
      'environments/dev.ts: workloads[0].access.eventHubs[0].hub = "invoices-raw": this environment has no such event hub. Fix: use one of: orders-raw, orders-validated, orders-deadletter, telemetry-raw, telemetry-validated, telemetry-deadletter (hubs come from eventHubs.domains)',
    ],
    [
      'a Cosmos container the environment does not define',
      'dev',
      (c) => (serving(c).access.cosmosContainers[1].container = 'scores'),
      'environments/dev.ts: workloads[1].access.cosmosContainers[1].container = "scores": this environment has no such Cosmos DB container. Fix: use one of: features, predictions (from cosmos.containers)',
    ],
    [
      'a schema group the environment does not define',
      'dev',
      (c) => (validator(c).access.schemaGroups = ['orders', 'invoices']),
      'environments/dev.ts: workloads[0].access.schemaGroups[1] = "invoices": this environment has no such schema group. Fix: use a domain of eventHubs.domains: orders, telemetry',
    ],
    [
      'an image tagged latest',
      'dev',
      (c) => (validator(c).image = 'lakehouseacr.azurecr.io/contract-validator:latest'),
      'environments/dev.ts: workloads[0].image = "lakehouseacr.azurecr.io/contract-validator:latest": not pinned: ":latest" moves with every push, so it pins nothing. Fix: pin a released version or a digest, e.g. \'lakehouseacr.azurecr.io/contract-validator:1.0.0\'',
    ],
    [
      'an image without a tag',
      'dev',
      (c) => (serving(c).image = 'lakehouseacr.azurecr.io/model-serving'),
      'environments/dev.ts: workloads[1].image = "lakehouseacr.azurecr.io/model-serving": not pinned: it has no tag or digest, so Kubernetes pulls ":latest". Fix: pin a released version or a digest, e.g. \'lakehouseacr.azurecr.io/model-serving:1.0.0\'',
    ],
    [
      'an image that is not a reference',
      'dev',
      (c) => (serving(c).image = 'https://lakehouseacr.azurecr.io/model-serving:2'),
      'environments/dev.ts: workloads[1].image = "https://lakehouseacr.azurecr.io/model-serving:2": not an image reference. Fix: write [registry/]repository:tag or @sha256:digest, e.g. \'myacr.azurecr.io/contract-validator:1.4.2\'',
    ],
    [
      'a namespace that is not a DNS label',
      'dev',
      (c) => (validator(c).namespace = 'Streaming_NS'),
      "environments/dev.ts: workloads[0].namespace = \"Streaming_NS\": does not match /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/. Fix: use a DNS label: lower-case letters, digits and '-', at most 63 characters, e.g. 'streaming'",
    ],
    [
      'a service account that is not a DNS label',
      'dev',
      (c) => (serving(c).serviceAccount = 'model.serving'),
      "environments/dev.ts: workloads[1].serviceAccount = \"model.serving\": does not match /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/. Fix: use a DNS label: lower-case letters, digits and '-', at most 63 characters, e.g. 'model-serving'",
    ],
    [
      'a namespace the cluster owns',
      'dev',
      (c) => (serving(c).namespace = 'kube-system'),
      'environments/dev.ts: workloads[1].namespace = "kube-system": a namespace the cluster owns. Fix: give the workload its own namespace, e.g. \'streaming\'',
    ],
    [
      'two workloads in one namespace',
      'dev',
      (c) => (serving(c).namespace = 'streaming'),
      'environments/dev.ts: workloads[1].namespace = "streaming": also the namespace of workloads[0]. Fix: give each workload its own namespace',
    ],
    [
      'autoscaling min above max',
      'prod',
      (c) => (serving(c).autoscaling = { minReplicas: 5, maxReplicas: 3, targetCpuPercent: 60 }),
      'environments/prod.ts: workloads[1].autoscaling = {"minReplicas":5,"maxReplicas":3}: minReplicas is greater than maxReplicas. Fix: make minReplicas ≤ maxReplicas',
    ],
    [
      'replicas outside the autoscaling range',
      'prod',
      (c) => (serving(c).replicas = 1),
      'environments/prod.ts: workloads[1].replicas = 1: outside autoscaling 3–10 (the autoscaler owns the replica count). Fix: set replicas to 3',
    ],
    [
      'model-serving without autoscaling',
      'dev',
      (c) => delete serving(c).autoscaling,
      'environments/dev.ts: workloads[1].autoscaling = (missing): model-serving scales with its load and needs a HorizontalPodAutoscaler. Fix: add autoscaling: { minReplicas: 2, maxReplicas: 6, targetCpuPercent: 70 }',
    ],
    [
      'autoscaling on the contract validator',
      'dev',
      (c) => (validator(c).autoscaling = { minReplicas: 1, maxReplicas: 2, targetCpuPercent: 70 }),
      'environments/dev.ts: workloads[0].autoscaling = {"minReplicas":1,"maxReplicas":2,"targetCpuPercent":70}: the contract validator scales by partitions (one replica per partition range), not by CPU. Fix: remove autoscaling and set replicas',
    ],
    [
      'more validator replicas than partitions',
      'dev',
      (c) => (validator(c).replicas = 3),
      'environments/dev.ts: workloads[0].replicas = 3: more replicas than partitions (2): the extra replicas would get no partition. Fix: use at most 2 replicas, or add partitions to the domain',
    ],
    [
      'a validator that reads -raw but may not write its -deadletter',
      'dev',
      (c) => validator(c).access.eventHubs.splice(2, 1),
      'environments/dev.ts: workloads[0].access.eventHubs = ["orders-validated","telemetry-validated","telemetry-deadletter"]: reads orders-raw but may not send to orders-deadletter. Fix: add { hub: \'orders-deadletter\', role: \'send\' }',
    ],
    [
      'a receiver without a consumer group',
      'dev',
      (c) => delete validator(c).access.consumerGroup,
      "environments/dev.ts: workloads[0].access.consumerGroup = (missing): the workload receives from event hubs but names no consumer group. Fix: add consumerGroup: 'contract-validator'",
    ],
    [
      'a request above its limit',
      'dev',
      (c) => (validator(c).resources.requests.memory = '2Gi'),
      'environments/dev.ts: workloads[0].resources.requests.memory = "2Gi": more than the limit 1Gi. Fix: request at most 1Gi, or raise limits.memory',
    ],
    [
      'a CPU that is not a quantity',
      'dev',
      (c) => (validator(c).resources.limits.cpu = '1 core'),
      "environments/dev.ts: workloads[0].resources.limits.cpu = \"1 core\": not a CPU quantity. Fix: use millicores or cores, e.g. '500m' or '2'",
    ],
    [
      'memory in bytes that are not whole MiB',
      'dev',
      (c) => (validator(c).resources.requests.memory = '500M'),
      'environments/dev.ts: workloads[0].resources.requests.memory = "500M": not a whole number of MiB. Fix: use Mi or Gi, e.g. \'477Mi\'',
    ],
    [
      'a privileged port',
      'dev',
      (c) => (serving(c).port = 80),
      'environments/dev.ts: workloads[1].port = 80: out of range from 1024 to 65535. Fix: use a value from 1024 to 65535',
    ],
    [
      'the claim mounted on /tmp',
      'dev',
      (c) => (serving(c).storage.mountPath = '/tmp/models'),
      'environments/dev.ts: workloads[1].storage.mountPath = "/tmp/models": /tmp is the pod’s scratch emptyDir. Fix: mount the claim elsewhere, e.g. \'/var/lib/<workload>\'',
    ],
    [
      'a caller namespace that is not a DNS label',
      'dev',
      (c) => (serving(c).callers = ['Apps']),
      "environments/dev.ts: workloads[1].callers[0] = \"Apps\": does not match /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/. Fix: use a DNS label: lower-case letters, digits and '-', at most 63 characters: the calling namespace, e.g. 'apps'",
    ],
    [
      'two workloads with one name',
      'dev',
      (c) => (serving(c).name = 'contract-validator'),
      'environments/dev.ts: workloads[1].name = "contract-validator": also the name of workloads[0]. Fix: give each workload its own name',
    ],
    [
      'an unknown workload kind',
      'dev',
      (c) => (serving(c).kind = 'batch'),
      'environments/dev.ts: workloads[1].kind = "batch": not an allowed value. Fix: use one of: "contract-validator", "model-serving"',
    ],
    [
      'a typo in a workload field',
      'dev',
      (c) => (serving(c).replica = 2),
      'environments/dev.ts: workloads[1].replica = 2: unknown field. Fix: remove it or use one of: name, kind, namespace, serviceAccount, image, replicas, resources, storage, port, access, autoscaling, callers, timing',
    ],
    [
      'a negative preStop delay',
      'dev',
      (c) => (serving(c).timing = { preStopDelaySeconds: -5 }),
      'environments/dev.ts: workloads[1].timing.preStopDelaySeconds = -5: out of range from 0 to 60. Fix: use a value from 0 to 60',
    ],
    [
      'a liveness timeout of 1 s',
      'dev',
      (c) => (serving(c).timing = { livenessTimeoutSeconds: 1 }),
      'environments/dev.ts: workloads[1].timing.livenessTimeoutSeconds = 1: out of range from 3 to 5. Fix: use a value from 3 to 5',
    ],
    [
      'a fractional startup budget',
      'dev',
      (c) => (serving(c).timing = { startupSeconds: 90.5 }),
      'environments/dev.ts: workloads[1].timing.startupSeconds = 90.5: expected a whole number. Fix: use a whole number from 10 to 3600',
    ],
    [
      'a typo in timing',
      'dev',
      (c) => (serving(c).timing = { startup: 60 }),
      'environments/dev.ts: workloads[1].timing.startup = 60: unknown field. Fix: remove it or use one of: startupSeconds, preStopDelaySeconds, shutdownSeconds, livenessTimeoutSeconds',
    ],
    [
      'ephemeral storage that is not a quantity',
      'dev',
      (c) => (serving(c).resources.limits.ephemeralStorage = '4GB'),
      'environments/dev.ts: workloads[1].resources.limits.ephemeralStorage = "4GB": not a Kubernetes quantity. Fix: use binary units, e.g. \'4Gi\'',
    ],
    [
      'an ephemeral-storage limit with no room for /tmp',
      'dev',
      (c) => {
        serving(c).resources.requests.ephemeralStorage = '512Mi';
        serving(c).resources.limits.ephemeralStorage = '1Gi';
      },
      'environments/dev.ts: workloads[1].resources.limits.ephemeralStorage = "1Gi": leaves no room for the 1Gi /tmp volume plus logs: the kubelet evicts the pod when /tmp fills. Fix: use at least 1536Mi, e.g. \'2Gi\'',
    ],
    [
      'an ephemeral-storage request above its limit',
      'dev',
      (c) => (serving(c).resources.requests.ephemeralStorage = '3Gi'),
      'environments/dev.ts: workloads[1].resources.requests.ephemeralStorage = "3Gi": more than the limit 2Gi. Fix: request at most the limit, or raise limits.ephemeralStorage',
    ],
  ])('%s', (_, env, change, line) => {
    expect(problemsAfter(env, change)).toEqual([line]);
  });
});

describe('kubernetes.storageClasses: each bad input gives one line', () => {
  test.each<[string, string, (c: Loose) => void, string]>([
    [
      'an LRS disk in a zonal cluster',
      'prod',
      (c) => (c.kubernetes.storageClasses[0].skuName = 'Premium_LRS'),
      'environments/prod.ts: kubernetes.storageClasses[0].skuName = "Premium_LRS": the cluster spreads pods over 3 zones, but an LRS disk lives in one zone and pins its pod there. Fix: use the zone-redundant Premium_ZRS',
    ],
    [
      'Delete in a protected environment',
      'prod',
      (c) => (c.kubernetes.storageClasses[0].reclaimPolicy = 'Delete'),
      'environments/prod.ts: kubernetes.storageClasses[0].reclaimPolicy = "Delete": protection.preventDestroy is on, but Delete destroys the disk with its claim. Fix: use \'Retain\'',
    ],
    [
      'a name AKS already uses',
      'dev',
      (c) => {
        c.kubernetes.storageClasses[0].name = 'managed-csi';
        for (const w of c.workloads) w.storage.storageClass = 'managed-csi';
      },
      "environments/dev.ts: kubernetes.storageClasses[0].name = \"managed-csi\": AKS already defines a StorageClass with this name and reconciles it. Fix: pick a name of the kit's own, e.g. 'lakehouse-ssd'",
    ],
    [
      'an unknown disk SKU',
      'dev',
      (c) => (c.kubernetes.storageClasses[0].skuName = 'UltraSSD_LRS'),
      'environments/dev.ts: kubernetes.storageClasses[0].skuName = "UltraSSD_LRS": not an allowed value. Fix: use one of: "StandardSSD_LRS", "StandardSSD_ZRS", "Premium_LRS", "Premium_ZRS"',
    ],
    [
      'no StorageClass at all',
      'dev',
      (c) => {
        c.kubernetes.storageClasses = [];
        for (const w of c.workloads) delete w.storage;
      },
      "environments/dev.ts: kubernetes.storageClasses = []: the workloads need at least one StorageClass for their volume claims. Fix: add one, e.g. { name: 'lakehouse-ssd', skuName: 'StandardSSD_LRS', reclaimPolicy: 'Delete' }",
    ],
  ])('%s', (_, env, change, line) => {
    const lines = problemsAfter(env, change);
    expect(lines[0]).toBe(line);
    if (!line.includes('storageClasses = []')) expect(lines).toHaveLength(1);
  });
});
