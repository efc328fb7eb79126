#!/usr/bin/env node
// Grows the volume claims of a StatefulSet, and recreates the StatefulSet with the new claim template size
// without touching its pods or its replica count. Plain Node, no dependencies: it only drives `kubectl`
// (logged in to the environment's cluster, e.g. by `az aks get-credentials` + `kubelogin`).
//
//   npm run resize-claims -- --namespace serving --statefulset model-serving --size 100Gi [--claim data]
//                            [--dry-run]
//
// Why a command and not `kubectl delete --cascade=orphan` + apply by hand:
// - A StatefulSet's `volumeClaimTemplates` cannot change in place, and the claims it made do not follow the
//   template: every claim `<claim>-<statefulset>-<n>` is patched, the running ones and those retained from
//   earlier scale-downs (which would come back at the old size on the next scale-out).
// - The manifests carry no `spec.replicas` when an autoscaler owns the count. Recreated from them, the
//   StatefulSet would start at 1 replica and, with `podManagementPolicy: Parallel`, delete ordinals 1..N-1
//   at once. Here it is created with its current count, set by a separate field manager
//   (`azure-lakehouse-kit-resize`) which then keeps `spec.replicas` only: the rollout's manager
//   (`azure-lakehouse-kit`) never owns the count, so its next apply does not reset it, and the autoscaler
//   takes it over with its next scale.
//
// Order: every check first (the claim template exists, the StorageClass allows expansion, no claim would
// shrink), then the claims are patched (Azure Disk grows online), then the StatefulSet is deleted with
// `--cascade=orphan` (its pods keep running) and created again from its live spec with the new size. The
// next rollout applies the manifests, whose `storage.size` must be the new size (raise it in the config).
// Exit codes: 0 done (or nothing to do), 1 refused or kubectl failed, 2 usage.
import { spawnSync } from 'node:child_process';

const FIELD_MANAGER = 'azure-lakehouse-kit';
const RESIZE_FIELD_MANAGER = 'azure-lakehouse-kit-resize';
const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const UNITS = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function usage(message) {
  console.error(
    `${message}\nUsage: npm run resize-claims -- --namespace <ns> --statefulset <name> --size <quantity> [--claim data] [--dry-run]`,
  );
  process.exit(2);
}

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { claim: 'data', dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--dry-run') {
      args.dryRun = true;
      continue;
    }
    if (!['--namespace', '--statefulset', '--size', '--claim'].includes(flag))
      usage(`unknown option ${JSON.stringify(flag)}`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) usage(`${flag} needs a value`);
    args[flag.slice(2)] = value;
  }
  for (const flag of ['namespace', 'statefulset', 'size']) if (!args[flag]) usage(`--${flag} is required`);
  for (const flag of ['namespace', 'statefulset', 'claim'])
    if (!DNS_LABEL.test(args[flag])) usage(`--${flag} ${JSON.stringify(args[flag])} is not a DNS label`);
  if (bytes(args.size) === undefined)
    usage(`--size ${JSON.stringify(args.size)} is not a Kubernetes quantity: write e.g. 100Gi`);
  return args;
}

/** Bytes of a storage quantity (`100Gi`), or undefined. */
function bytes(quantity) {
  const match = QUANTITY.exec(String(quantity));
  return match ? Number(match[1]) * UNITS[match[2] ?? ''] : undefined;
}

function kubectl(args, input) {
  const result = spawnSync('kubectl', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'inherit'] });
  if (result.error) fail(`kubectl could not be run: ${result.error.message}`);
  if (result.status !== 0) fail(`kubectl ${args.join(' ')} failed (exit ${result.status})`);
  return result.stdout;
}

function getJson(args) {
  const text = kubectl([...args, '--output', 'json']);
  try {
    return JSON.parse(text);
  } catch {
    fail(`kubectl ${args.join(' ')} did not print JSON`);
  }
}

/** The live StatefulSet as an object to create again: no status, no server-set metadata. */
function recreatable(statefulSet, replicas, claim, size) {
  const { metadata, spec } = statefulSet;
  const annotations = { ...metadata.annotations };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      ...(metadata.labels ? { labels: metadata.labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      ...spec,
      replicas,
      volumeClaimTemplates: spec.volumeClaimTemplates.map((template) => {
        const { status: _status, ...rest } = template;
        const { creationTimestamp: _created, ...templateMetadata } = rest.metadata ?? {};
        const resized =
          templateMetadata.name === claim
            ? {
                ...rest.spec,
                resources: {
                  ...rest.spec.resources,
                  requests: { ...rest.spec.resources?.requests, storage: size },
                },
              }
            : rest.spec;
        return { ...rest, metadata: templateMetadata, spec: resized };
      }),
    },
  };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const { namespace, statefulset: name, claim, size } = args;
  const target = bytes(size);

  const live = getJson(['get', 'statefulset', name, '--namespace', namespace]);
  // The count the controller runs now (the autoscaler's last decision); absent means 1.
  const replicas = live.spec?.replicas ?? 1;
  const template = (live.spec?.volumeClaimTemplates ?? []).find((t) => t.metadata?.name === claim);
  if (!template)
    fail(
      `statefulset/${name} in ${namespace} has no claim template "${claim}" (it has: ${(live.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name).join(', ') || 'none'}); pass --claim <name>.`,
    );
  const storageClass = template.spec?.storageClassName;
  if (storageClass) {
    const sc = getJson(['get', 'storageclass', storageClass]);
    if (sc.allowVolumeExpansion !== true)
      fail(
        `StorageClass ${storageClass} does not allow volume expansion (allowVolumeExpansion is not true).`,
      );
  }

  // Every claim of the StatefulSet, running or retained from an earlier scale-down.
  const ordinal = new RegExp(`^${claim}-${name}-([0-9]+)$`);
  const claims = getJson(['get', 'persistentvolumeclaims', '--namespace', namespace])
    .items.filter((pvc) => ordinal.test(pvc.metadata.name))
    .sort((a, b) => Number(ordinal.exec(a.metadata.name)[1]) - Number(ordinal.exec(b.metadata.name)[1]));
  const requested = (pvc) => pvc.spec?.resources?.requests?.storage;
  const larger = claims.filter((pvc) => bytes(requested(pvc)) > target);
  if (larger.length > 0)
    fail(
      `a claim cannot shrink: ${larger.map((pvc) => `${pvc.metadata.name} (${requested(pvc)})`).join(', ')} is larger than ${size}. Nothing was changed.`,
    );
  const templateSize = template.spec?.resources?.requests?.storage;
  if (bytes(templateSize) > target)
    fail(`the claim template "${claim}" asks for ${templateSize}, more than ${size}. Nothing was changed.`);
  const toGrow = claims.filter((pvc) => bytes(requested(pvc)) < target);
  const recreate = bytes(templateSize) !== target;

  console.log(
    `statefulset/${name} in ${namespace}: ${replicas} replica(s); claim template ${templateSize} → ${size}; ` +
      `${claims.length} claim(s), ${toGrow.length} to grow: ${toGrow.map((pvc) => pvc.metadata.name).join(', ') || 'none'}`,
  );
  if (args.dryRun) {
    console.log('dry run: nothing changed.');
    return;
  }

  for (const pvc of toGrow) {
    kubectl([
      'patch',
      'persistentvolumeclaim',
      pvc.metadata.name,
      '--namespace',
      namespace,
      '--type',
      'merge',
      '--patch',
      JSON.stringify({ spec: { resources: { requests: { storage: size } } } }),
    ]);
  }

  if (!recreate) {
    console.log(`the claim template already asks for ${size}: the StatefulSet is left as it is.`);
    return;
  }
  const object = recreatable(live, replicas, claim, size);
  // Pods, claims and revisions stay; the new StatefulSet adopts them (same selector and template).
  kubectl(['delete', 'statefulset', name, '--namespace', namespace, '--cascade=orphan', '--wait=true']);
  // 1. Created with the replica count, by the resize manager (one request: never at the default of 1).
  kubectl(
    ['apply', '--server-side', `--field-manager=${RESIZE_FIELD_MANAGER}`, '--filename', '-'],
    JSON.stringify(object),
  );
  // 2. The rollout's manager takes the rest of the spec, as its next apply would.
  const { replicas: _replicas, ...withoutReplicas } = object.spec;
  kubectl(
    ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--filename', '-'],
    JSON.stringify({ ...object, spec: withoutReplicas }),
  );
  // 3. The resize manager keeps `spec.replicas` only, so it never holds on to fields the rollout later drops.
  kubectl(
    ['apply', '--server-side', `--field-manager=${RESIZE_FIELD_MANAGER}`, '--filename', '-'],
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace },
      spec: { replicas },
    }),
  );
  console.log(
    `statefulset/${name} recreated with ${replicas} replica(s) and ${claim} at ${size}. ` +
      'Raise storage.size in the environment config to the same size before the next rollout.',
  );
}

main();
