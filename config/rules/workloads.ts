import type { EnvironmentConfig, WorkloadConfig, WorkloadKind } from '../../environments/schema';
import { parseImageReference, unpinnedReason } from '../image';
import type { Problems } from '../problems';
import { parseByteQuantity, parseCpuQuantity, suggestQuantity } from '../quantity';
import { asRecord, type ConfigRule, DNS_LABEL } from './rule';
import { checkEphemeralStorage, checkTiming } from './workload-runtime';

const KINDS: readonly WorkloadKind[] = ['contract-validator', 'model-serving'];
const DNS_LABEL_FIX = "use a DNS label: lower-case letters, digits and '-', at most 63 characters";
/**
 * StatefulSet names stay within 52 characters: the controller labels each pod with
 * `controller-revision-hash: <name>-<10-character hash>`, and a label value holds at most 63.
 */
const MAX_WORKLOAD_NAME = 52;
/** Namespaces the cluster owns; a workload there would escape the kit's default-deny policies. */
const RESERVED_NAMESPACE = /^(default|kube-.*|gatekeeper-system|calico-system|tigera-operator)$/;
const MIB = 2 ** 20;

/** `workloads`: each workload's shape, sizes, image pin, and access to what the environment defines. */
export const workloadsRule: ConfigRule = (config, p) => {
  const workloads = config.workloads;
  if (!p.array('workloads', workloads, "use a list of workloads, e.g. [{ name: 'contract-validator', ... }]"))
    return;
  const known = knownTargets(config);
  workloads.forEach((workload, i) => {
    checkWorkload(p, `workloads[${i}]`, workload, known);
  });
  uniqueField(p, workloads, 'name', 'give each workload its own name');
  // One namespace per workload: each gets its own Pod Security labels and default-deny policies.
  uniqueField(p, workloads, 'namespace', 'give each workload its own namespace');
};

/** Reports the second and later workloads that repeat a field's value, at that field. */
function uniqueField(
  p: Problems,
  workloads: readonly unknown[],
  field: 'name' | 'namespace',
  fix: string,
): void {
  const seen = new Map<unknown, number>();
  workloads.forEach((workload, i) => {
    const value = asRecord(workload)?.[field];
    if (typeof value !== 'string') return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, i);
    else p.add(`workloads[${i}].${field}`, value, `also the ${field} of workloads[${first}]`, fix);
  });
}

interface KnownTargets {
  /** Hub name → partitions, for every `<domain>-raw|validated|deadletter`. */
  readonly hubs: ReadonlyMap<string, number>;
  readonly domains: ReadonlySet<string>;
  readonly containers: ReadonlySet<string>;
  readonly storageClasses: ReadonlySet<string>;
}

function knownTargets(config: EnvironmentConfig): KnownTargets {
  const hubs = new Map<string, number>();
  const domains = new Set<string>();
  for (const domain of Array.isArray(config.eventHubs?.domains) ? config.eventHubs.domains : []) {
    if (typeof domain?.name !== 'string') continue;
    domains.add(domain.name);
    for (const stage of ['raw', 'validated', 'deadletter'])
      hubs.set(`${domain.name}-${stage}`, Number(domain.partitions));
  }
  const names = (list: unknown): Set<string> =>
    new Set(
      (Array.isArray(list) ? list : [])
        .map((item) => asRecord(item)?.name)
        .filter((n): n is string => typeof n === 'string'),
    );
  return {
    hubs,
    domains,
    containers: names(config.cosmos?.containers),
    storageClasses: names(config.kubernetes?.storageClasses),
  };
}

function checkWorkload(p: Problems, path: string, workload: WorkloadConfig, known: KnownTargets): void {
  if (
    !p.object(
      path,
      workload,
      [
        'name',
        'kind',
        'namespace',
        'serviceAccount',
        'image',
        'replicas',
        'resources',
        'storage',
        'port',
        'access',
      ],
      ['autoscaling', 'callers', 'timing'],
    )
  )
    return;
  if (p.string(`${path}.name`, workload.name, DNS_LABEL, `${DNS_LABEL_FIX}, e.g. 'contract-validator'`)) {
    if (workload.name.length > MAX_WORKLOAD_NAME)
      p.add(
        `${path}.name`,
        workload.name,
        `longer than ${MAX_WORKLOAD_NAME} characters (the StatefulSet's pods get a revision label of name + 11 characters, at most 63)`,
        `shorten it to ${MAX_WORKLOAD_NAME} characters or fewer`,
      );
  }
  const kind = p.oneOf(`${path}.kind`, workload.kind, KINDS) ? workload.kind : undefined;
  if (p.string(`${path}.namespace`, workload.namespace, DNS_LABEL, `${DNS_LABEL_FIX}, e.g. 'streaming'`)) {
    if (RESERVED_NAMESPACE.test(workload.namespace))
      p.add(
        `${path}.namespace`,
        workload.namespace,
        'a namespace the cluster owns',
        "give the workload its own namespace, e.g. 'streaming'",
      );
  }
  p.string(
    `${path}.serviceAccount`,
    workload.serviceAccount,
    DNS_LABEL,
    `${DNS_LABEL_FIX}, e.g. '${typeof workload.name === 'string' ? workload.name : 'contract-validator'}'`,
  );
  checkImage(p, `${path}.image`, workload.image);

  const replicasOk = p.number(`${path}.replicas`, workload.replicas, { min: 1, integer: true });
  checkAutoscaling(p, path, workload, kind, replicasOk);
  checkResources(p, `${path}.resources`, workload.resources);
  checkTiming(p, `${path}.timing`, workload.timing);
  checkStorage(p, `${path}.storage`, workload.storage, known);
  // Non-root containers cannot bind ports below 1024 (Pod Security restricted drops NET_BIND_SERVICE).
  p.number(`${path}.port`, workload.port, { min: 1024, max: 65535, integer: true });
  if (
    workload.callers !== undefined &&
    p.array(`${path}.callers`, workload.callers, "use a list, e.g. ['apps']")
  ) {
    workload.callers.forEach((caller, j) => {
      p.string(
        `${path}.callers[${j}]`,
        caller,
        DNS_LABEL,
        `${DNS_LABEL_FIX}: the calling namespace, e.g. 'apps'`,
      );
    });
  }
  checkAccess(p, `${path}.access`, workload, kind, known, replicasOk);
}

function checkImage(p: Problems, path: string, value: unknown): void {
  const example = 'myacr.azurecr.io/contract-validator:1.4.2';
  if (!p.string(path, value, undefined, `use an image reference, e.g. '${example}'`)) return;
  const image = parseImageReference(value);
  if (!image) {
    p.add(
      path,
      value,
      'not an image reference',
      `write [registry/]repository:tag or @sha256:digest, e.g. '${example}'`,
    );
    return;
  }
  const why = unpinnedReason(image);
  if (why)
    p.add(
      path,
      value,
      `not pinned: ${why}`,
      `pin a released version or a digest, e.g. '${image.registry ? `${image.registry}/` : ''}${image.repository}:1.0.0'`,
    );
}

function checkAutoscaling(
  p: Problems,
  path: string,
  workload: WorkloadConfig,
  kind: WorkloadKind | undefined,
  replicasOk: boolean,
): void {
  const scaling = workload.autoscaling;
  if (scaling === undefined) {
    if (kind === 'model-serving')
      p.add(
        `${path}.autoscaling`,
        undefined,
        'model-serving scales with its load and needs a HorizontalPodAutoscaler',
        'add autoscaling: { minReplicas: 2, maxReplicas: 6, targetCpuPercent: 70 }',
      );
    return;
  }
  if (kind === 'contract-validator') {
    p.add(
      `${path}.autoscaling`,
      scaling,
      'the contract validator scales by partitions (one replica per partition range), not by CPU',
      'remove autoscaling and set replicas',
    );
    return;
  }
  if (!p.object(`${path}.autoscaling`, scaling, ['minReplicas', 'maxReplicas', 'targetCpuPercent'])) return;
  const min = p.number(`${path}.autoscaling.minReplicas`, scaling.minReplicas, { min: 1, integer: true });
  const max = p.number(`${path}.autoscaling.maxReplicas`, scaling.maxReplicas, { min: 1, integer: true });
  p.number(`${path}.autoscaling.targetCpuPercent`, scaling.targetCpuPercent, {
    min: 1,
    max: 100,
    integer: true,
  });
  if (!min || !max) return;
  if (scaling.minReplicas > scaling.maxReplicas) {
    p.order(`${path}.autoscaling`, scaling.minReplicas, scaling.maxReplicas, 'minReplicas', 'maxReplicas');
  } else if (
    replicasOk &&
    (workload.replicas < scaling.minReplicas || workload.replicas > scaling.maxReplicas)
  ) {
    p.add(
      `${path}.replicas`,
      workload.replicas,
      `outside autoscaling ${scaling.minReplicas}–${scaling.maxReplicas} (the autoscaler owns the replica count)`,
      `set replicas to ${scaling.minReplicas}`,
    );
  }
}

function checkResources(p: Problems, path: string, resources: WorkloadConfig['resources']): void {
  if (!p.object(path, resources, ['requests', 'limits'])) return;
  const read = (which: 'requests' | 'limits'): { cpu?: number; memory?: number } => {
    const at = `${path}.${which}`;
    const values = resources[which];
    if (!p.object(at, values, ['cpu', 'memory'], ['ephemeralStorage'])) return {};
    let cpu: number | undefined;
    let memory: number | undefined;
    if (p.string(`${at}.cpu`, values.cpu, undefined, "use a CPU quantity, e.g. '500m' or '2'")) {
      cpu = parseCpuQuantity(values.cpu);
      if (cpu === undefined || cpu <= 0)
        p.add(`${at}.cpu`, values.cpu, 'not a CPU quantity', "use millicores or cores, e.g. '500m' or '2'");
    }
    if (p.string(`${at}.memory`, values.memory, undefined, "use a memory quantity, e.g. '512Mi'")) {
      memory = parseByteQuantity(values.memory);
      if (memory === undefined || memory <= 0)
        p.add(
          `${at}.memory`,
          values.memory,
          'not a Kubernetes quantity',
          `use binary units, e.g. '${suggestQuantity(values.memory)}'`,
        );
      else if (memory % MIB !== 0)
        // cdk8s-plus renders container memory in whole mebibytes.
        p.add(
          `${at}.memory`,
          values.memory,
          'not a whole number of MiB',
          `use Mi or Gi, e.g. '${Math.ceil(memory / MIB)}Mi'`,
        );
    }
    return { cpu, memory };
  };
  const requests = read('requests');
  const limits = read('limits');
  // Reported above when they are not objects.
  if (asRecord(resources.requests) && asRecord(resources.limits)) checkEphemeralStorage(p, path, resources);
  for (const key of ['cpu', 'memory'] as const) {
    const request = requests[key];
    const limit = limits[key];
    if (request !== undefined && limit !== undefined && request > limit)
      p.add(
        `${path}.requests.${key}`,
        resources.requests[key],
        `more than the limit ${resources.limits[key]}`,
        `request at most ${resources.limits[key]}, or raise limits.${key}`,
      );
  }
}

function checkStorage(
  p: Problems,
  path: string,
  storage: WorkloadConfig['storage'],
  known: KnownTargets,
): void {
  if (!p.object(path, storage, ['size', 'storageClass', 'mountPath'])) return;
  if (p.string(`${path}.size`, storage.size, undefined, "use a size such as '10Gi'")) {
    const bytes = parseByteQuantity(storage.size);
    if (bytes === undefined || bytes <= 0)
      p.add(
        `${path}.size`,
        storage.size,
        'not a Kubernetes quantity',
        `use binary units, e.g. '${suggestQuantity(storage.size)}'`,
      );
  }
  if (
    p.string(`${path}.storageClass`, storage.storageClass) &&
    !known.storageClasses.has(storage.storageClass)
  )
    p.add(
      `${path}.storageClass`,
      storage.storageClass,
      'no such StorageClass in kubernetes.storageClasses',
      known.storageClasses.size > 0
        ? `use one of: ${[...known.storageClasses].join(', ')}, or define it in kubernetes.storageClasses`
        : 'define it in kubernetes.storageClasses',
    );
  if (
    p.string(
      `${path}.mountPath`,
      storage.mountPath,
      /^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/,
      "use an absolute path, e.g. '/var/lib/validator'",
    ) &&
    /^\/tmp(\/|$)/.test(storage.mountPath)
  )
    p.add(
      `${path}.mountPath`,
      storage.mountPath,
      '/tmp is the pod’s scratch emptyDir',
      "mount the claim elsewhere, e.g. '/var/lib/<workload>'",
    );
}

function checkAccess(
  p: Problems,
  path: string,
  workload: WorkloadConfig,
  kind: WorkloadKind | undefined,
  known: KnownTargets,
  replicasOk: boolean,
): void {
  const access = workload.access;
  if (!p.object(path, access, [], ['eventHubs', 'schemaGroups', 'cosmosContainers', 'consumerGroup'])) return;
  const receives = new Set<string>();
  const sends = new Set<string>();
  if (access.eventHubs !== undefined && p.array(`${path}.eventHubs`, access.eventHubs)) {
    access.eventHubs.forEach((entry, j) => {
      const at = `${path}.eventHubs[${j}]`;
      if (!p.object(at, entry, ['hub', 'role'])) return;
      const roleOk = p.oneOf(`${at}.role`, entry.role, ['receive', 'send']);
      if (!p.string(`${at}.hub`, entry.hub)) return;
      if (!known.hubs.has(entry.hub)) {
        p.add(
          `${at}.hub`,
          entry.hub,
          'this environment has no such event hub',
          known.hubs.size > 0
            ? `use one of: ${[...known.hubs.keys()].join(', ')} (hubs come from eventHubs.domains)`
            : 'add its domain to eventHubs.domains',
        );
        return;
      }
      if (roleOk) (entry.role === 'receive' ? receives : sends).add(entry.hub);
    });
  }
  if (access.schemaGroups !== undefined && p.array(`${path}.schemaGroups`, access.schemaGroups)) {
    access.schemaGroups.forEach((group, j) => {
      if (p.string(`${path}.schemaGroups[${j}]`, group) && !known.domains.has(group))
        p.add(
          `${path}.schemaGroups[${j}]`,
          group,
          'this environment has no such schema group',
          `use a domain of eventHubs.domains: ${[...known.domains].join(', ')}`,
        );
    });
  }
  let containers = 0;
  if (access.cosmosContainers !== undefined && p.array(`${path}.cosmosContainers`, access.cosmosContainers)) {
    access.cosmosContainers.forEach((entry, j) => {
      const at = `${path}.cosmosContainers[${j}]`;
      if (!p.object(at, entry, ['container', 'role'])) return;
      p.oneOf(`${at}.role`, entry.role, ['reader', 'contributor']);
      if (!p.string(`${at}.container`, entry.container)) return;
      if (known.containers.has(entry.container)) containers++;
      else
        p.add(
          `${at}.container`,
          entry.container,
          'this environment has no such Cosmos DB container',
          known.containers.size > 0
            ? `use one of: ${[...known.containers].join(', ')} (from cosmos.containers)`
            : 'add it to cosmos.containers',
        );
    });
  }
  const consumerGroup = access.consumerGroup;
  if (consumerGroup !== undefined) p.string(`${path}.consumerGroup`, consumerGroup);
  if (receives.size > 0 && consumerGroup === undefined)
    p.add(
      `${path}.consumerGroup`,
      undefined,
      'the workload receives from event hubs but names no consumer group',
      `add consumerGroup: '${typeof workload.name === 'string' ? workload.name : 'contract-validator'}'`,
    );

  if (kind === 'contract-validator')
    checkValidatorContract(p, path, workload, receives, sends, known, replicasOk);
  if (kind === 'model-serving' && containers === 0 && access.cosmosContainers === undefined)
    p.add(
      `${path}.cosmosContainers`,
      undefined,
      'model-serving reads its features from Cosmos DB but is granted no container',
      "add cosmosContainers: [{ container: 'features', role: 'reader' }]",
    );
}

/** The contract validator reads `<domain>-raw` and writes `-validated` and `-deadletter` of the same domain. */
function checkValidatorContract(
  p: Problems,
  path: string,
  workload: WorkloadConfig,
  receives: ReadonlySet<string>,
  sends: ReadonlySet<string>,
  known: KnownTargets,
  replicasOk: boolean,
): void {
  const raw = [...receives].filter((hub) => hub.endsWith('-raw'));
  if (raw.length === 0) {
    p.add(
      `${path}.eventHubs`,
      workload.access.eventHubs,
      'the contract validator receives no <domain>-raw hub',
      `add { hub: '${[...known.domains][0] ?? 'orders'}-raw', role: 'receive' }`,
    );
    return;
  }
  for (const hub of raw) {
    const domain = hub.slice(0, -'-raw'.length);
    for (const out of [`${domain}-validated`, `${domain}-deadletter`]) {
      if (!sends.has(out))
        p.add(
          `${path}.eventHubs`,
          [...sends],
          `reads ${hub} but may not send to ${out}`,
          `add { hub: '${out}', role: 'send' }`,
        );
    }
  }
  // One replica per partition range: a consumer group never gives one partition to two members.
  const partitions = Math.max(...raw.map((hub) => known.hubs.get(hub) ?? 0));
  if (replicasOk && partitions > 0 && workload.replicas > partitions)
    p.add(
      `${path.slice(0, -'.access'.length)}.replicas`,
      workload.replicas,
      `more replicas than partitions (${partitions}): the extra replicas would get no partition`,
      `use at most ${partitions} replicas, or add partitions to the domain`,
    );
}
