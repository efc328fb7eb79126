#!/usr/bin/env node
/**
 * Prerequisites of one environment that no Terraform apply can create: resource provider registrations, feature
 * registrations and capacity (quota, region access) requests. Derived from the synthesized stacks (`cdktf.out/`:
 * resource types and settings), so it follows the code; runs from the pipeline's build artifact with plain Node.
 *
 *   node pipelines/scripts/preflight.js --env <env> [--check] [--outdir cdktf.out] [--json]
 *   npm run preflight -- --env <env> [--check]
 *
 * Without --check: lists what the environment needs, offline (exit 0; 2 when the stacks use a resource type whose
 * provider this file does not know, or on bad arguments).
 * With --check: asks Azure through `az` (logged in, subscription selected) and lists what is missing with the
 * command that fixes it (exit 1 when something is missing). Reads only: registering is left to an administrator
 * (the deploy identities may not, and a registration can take minutes).
 */

const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** Terraform type (prefix) → the resource provider namespace it needs. The first match wins. */
const PROVIDERS = [
  [/^azurerm_resource_group$/, 'Microsoft.Resources'],
  [/^azurerm_(management_lock|role_assignment|role_definition)$/, 'Microsoft.Authorization'],
  [/^azurerm_(user_assigned_identity|federated_identity_credential)$/, 'Microsoft.ManagedIdentity'],
  [/^azurerm_storage_/, 'Microsoft.Storage'],
  [/^azurerm_eventhub/, 'Microsoft.EventHub'],
  [/^azurerm_cosmosdb_/, 'Microsoft.DocumentDB'],
  [/^azurerm_databricks_/, 'Microsoft.Databricks'],
  [/^azurerm_synapse_/, 'Microsoft.Synapse'],
  [/^azurerm_dev_center/, 'Microsoft.DevCenter'],
  [/^azurerm_key_vault/, 'Microsoft.KeyVault'],
  [/^azurerm_kubernetes_/, 'Microsoft.ContainerService'],
  [/^azurerm_container_registry/, 'Microsoft.ContainerRegistry'],
  [/^azurerm_log_analytics_/, 'Microsoft.OperationalInsights'],
  [/^azurerm_monitor_workspace$/, 'Microsoft.Monitor'],
  [/^azurerm_monitor_alert_prometheus_rule_group$/, 'Microsoft.AlertsManagement'],
  [/^azurerm_monitor_/, 'Microsoft.Insights'],
  [/^azurerm_application_insights/, 'Microsoft.Insights'],
  [/^azurerm_dashboard_grafana/, 'Microsoft.Dashboard'],
  [/^azurerm_consumption_budget_/, 'Microsoft.Consumption'],
  [/^azurerm_security_center_/, 'Microsoft.Security'],
  [
    /^azurerm_(virtual_network|subnet|network_security_group|nat_gateway|public_ip|private_endpoint|private_dns_|network_)/,
    'Microsoft.Network',
  ],
  [/^azurerm_subnet_/, 'Microsoft.Network'],
];

/** Providers that a resource type needs besides its own: what the service creates in the subscription for it. */
const IMPLIED = {
  'Microsoft.ContainerService': [
    ['Microsoft.Compute', 'AKS creates the node scale sets and disks'],
    ['Microsoft.Network', 'AKS creates the load balancer and public IP of the node resource group'],
    ['Microsoft.PolicyInsights', 'the Azure Policy add-on reports compliance through it'],
  ],
  'Microsoft.Databricks': [
    ['Microsoft.Compute', 'Databricks creates cluster VMs in its managed resource group'],
    ['Microsoft.Storage', 'Databricks creates the workspace storage (DBFS) account'],
  ],
};

/** Types that need no registration of their own (Terraform-side only). */
const NO_PROVIDER = new Set([
  'azapi_update_resource', // the type it patches is listed by that resource
]);

function usage(message) {
  const error = new Error(
    `${message}. Usage: node pipelines/scripts/preflight.js --env <env> [--check] [--outdir cdktf.out] [--json]`,
  );
  error.exitCode = 2;
  return error;
}

function parseArgs(argv) {
  const args = { env: undefined, check: false, outdir: 'cdktf.out', json: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].split(/=(.*)/s, 2) : [argv[i]];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw usage(`${flag} needs a value`);
      return v;
    };
    if (flag === '--env') args.env = value();
    else if (flag === '--outdir') args.outdir = value();
    else if (flag === '--check') args.check = true;
    else if (flag === '--json') args.json = true;
    else throw usage(`unknown option ${JSON.stringify(argv[i])}`);
  }
  if (!args.env) throw usage('--env is required');
  return args;
}

/** The synthesized stacks of one environment (`<env>-<layer>`), from `manifest.json`. */
function readStacks(outdir, env) {
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw usage(`${manifestFile} not found: run npm run synth first, or pass --outdir <synth output>`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const stacks = Object.entries(manifest.stacks)
    .filter(([name]) => name.slice(0, name.lastIndexOf('-')) === env)
    .map(([name, entry]) => ({
      name,
      json: JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8')),
    }));
  if (stacks.length === 0) {
    const known = [...new Set(Object.keys(manifest.stacks).map((n) => n.slice(0, n.lastIndexOf('-'))))];
    throw usage(`no stacks of environment '${env}' in ${outdir} (it has: ${known.join(', ')})`);
  }
  return stacks;
}

function* resources(stacks) {
  for (const stack of stacks) {
    for (const [type, byName] of Object.entries(stack.json.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) yield { stack: stack.name, type, name, body };
    }
  }
}

const first = (value) => (Array.isArray(value) ? value[0] : value);

/** vCPUs of a VM size from its name (`Standard_D8s_v5` → 8), and its quota family (`standardDSv5Family`). */
function vmSize(size) {
  const match = /^Standard_([A-Z]+)(\d+)([a-z]*)(?:_v(\d+))?$/.exec(size);
  if (!match) return undefined;
  const [, series, cpus, features, version] = match;
  return {
    vcpus: Number(cpus),
    family: `standard${series}${features.toUpperCase()}${version ? `v${version}` : ''}Family`,
  };
}

/**
 * What the environment's stacks need before Terraform can apply them, derived from resource types and settings.
 * Returns { providers: [{ namespace, why }], features: [...], capacity: [...], unknownTypes: [...] }.
 */
function requirements(stacks) {
  const providers = new Map();
  const unknownTypes = new Set();
  const need = (namespace, why) => {
    if (!providers.has(namespace)) providers.set(namespace, new Set());
    providers.get(namespace).add(why);
  };
  const features = new Map();
  const capacity = [];
  const vcpus = new Map(); // `<location>|<family>` → { location, family, vcpus, pools }
  const clusterLocation = new Map();

  for (const r of resources(stacks)) {
    if (r.type === 'azapi_resource') {
      const armType = String(r.body.type ?? '').split('@')[0];
      if (armType) need(armType.split('/')[0], armType);
      continue;
    }
    if (NO_PROVIDER.has(r.type)) continue;
    const match = PROVIDERS.find(([pattern]) => pattern.test(r.type));
    if (!match) {
      if (r.type.startsWith('azurerm_')) unknownTypes.add(r.type);
      continue;
    }
    need(match[1], r.type);
    for (const [namespace, why] of IMPLIED[match[1]] ?? []) need(namespace, why);

    if (r.type === 'azurerm_kubernetes_cluster') clusterLocation.set(r.name, r.body.location);
    if (r.type === 'azurerm_cosmosdb_account') {
      for (const geo of r.body.geo_location ?? []) {
        if (geo.zone_redundant === true) {
          capacity.push({
            kind: 'cosmos-zone-access',
            location: geo.location,
            what: `Cosmos DB availability zones in ${geo.location} (zone-redundant account ${r.body.name})`,
            fix: `request region access: Azure portal → Help + support → new support request → Service and subscription limits (quotas) → Cosmos DB, "region access" for ${geo.location} with availability zones`,
          });
        }
      }
    }
  }

  // Node pools: host encryption needs a feature; their maximum sizes need vCPU quota per family and region.
  for (const r of resources(stacks)) {
    const pools =
      r.type === 'azurerm_kubernetes_cluster'
        ? [{ pool: first(r.body.default_node_pool), location: r.body.location, name: 'default' }]
        : r.type === 'azurerm_kubernetes_cluster_node_pool'
          ? [{ pool: r.body, location: [...clusterLocation.values()][0], name: r.body.name }]
          : [];
    for (const { pool, location, name } of pools) {
      if (!pool) continue;
      if (pool.host_encryption_enabled === true) {
        const key = 'Microsoft.Compute/EncryptionAtHost';
        if (!features.has(key)) {
          features.set(key, {
            namespace: 'Microsoft.Compute',
            feature: 'EncryptionAtHost',
            why: new Set(),
          });
        }
        features.get(key).why.add(`node pool ${name} has host_encryption_enabled`);
      }
      const size = vmSize(String(pool.vm_size ?? ''));
      const count = Number(pool.max_count ?? pool.node_count ?? 0);
      if (!size || !location || !count) continue;
      // Upgrades surge one node per pool beyond the maximum (max_surge up to 10% rounds up to one here).
      const needed = (count + 1) * size.vcpus;
      const key = `${location}|${size.family}`;
      const entry = vcpus.get(key) ?? { location, family: size.family, vcpus: 0, pools: [] };
      entry.vcpus += needed;
      entry.pools.push(`${name} (${pool.vm_size} × ${count}+1)`);
      vcpus.set(key, entry);
    }
  }
  const regional = new Map(); // location → vCPUs of every family: the region's total vCPU quota ("cores")
  for (const entry of vcpus.values())
    regional.set(entry.location, (regional.get(entry.location) ?? 0) + entry.vcpus);
  for (const [location, total] of regional) {
    vcpus.set(`${location}|cores`, {
      location,
      family: 'cores',
      vcpus: total,
      pools: ['Total Regional vCPUs, all node pools'],
    });
  }
  for (const entry of vcpus.values()) {
    capacity.push({
      kind: 'vcpu-quota',
      location: entry.location,
      family: entry.family,
      vcpus: entry.vcpus,
      what: `${entry.vcpus} vCPUs of ${entry.family} in ${entry.location}: ${entry.pools.join(', ')}`,
      fix: `request a quota increase: az quota update (or portal → Quotas → Compute) for ${entry.family} in ${entry.location}`,
    });
  }

  return {
    providers: [...providers.entries()]
      .map(([namespace, why]) => ({ namespace, why: [...why].sort() }))
      .sort((a, b) => a.namespace.localeCompare(b.namespace)),
    features: [...features.values()].map((f) => ({ ...f, why: [...f.why].sort() })),
    capacity,
    unknownTypes: [...unknownTypes].sort(),
  };
}

function az(args) {
  return execFileSync('az', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Asks Azure what is in place; returns one line per missing prerequisite. */
function check(needs, run = az) {
  const missing = [];
  const ask = (args) => {
    try {
      return run(args);
    } catch (error) {
      const detail = String(error.stderr ?? error.message ?? error)
        .trim()
        .split('\n')[0];
      return { error: detail };
    }
  };
  for (const { namespace } of needs.providers) {
    const state = ask([
      'provider',
      'show',
      '--namespace',
      namespace,
      '--query',
      'registrationState',
      '-o',
      'tsv',
    ]);
    if (state !== 'Registered') {
      missing.push(
        `resource provider ${namespace}: ${typeof state === 'string' ? state || 'NotRegistered' : `unknown (${state.error})`}. Fix: az provider register --namespace ${namespace}`,
      );
    }
  }
  for (const f of needs.features) {
    const state = ask([
      'feature',
      'show',
      '--namespace',
      f.namespace,
      '--name',
      f.feature,
      '--query',
      'properties.state',
      '-o',
      'tsv',
    ]);
    if (state !== 'Registered') {
      missing.push(
        `feature ${f.namespace}/${f.feature} (${f.why.join('; ')}): ${typeof state === 'string' ? state || 'NotRegistered' : `unknown (${state.error})`}. Fix: az feature register --namespace ${f.namespace} --name ${f.feature}, wait for Registered, then az provider register --namespace ${f.namespace}`,
      );
    }
  }
  const usages = new Map();
  for (const c of needs.capacity) {
    if (c.kind === 'cosmos-zone-access') {
      const allowed = ask([
        'rest',
        '--method',
        'get',
        '--url',
        `https://management.azure.com/subscriptions/{subscriptionId}/providers/Microsoft.DocumentDB/locations/${c.location}?api-version=2023-11-15`,
        '--query',
        'properties.isSubscriptionRegionAccessAllowedForAz',
        '-o',
        'tsv',
      ]);
      if (allowed !== 'true') {
        missing.push(
          `${c.what}: ${typeof allowed === 'string' ? 'no region access for availability zones' : `unknown (${allowed.error})`}. Fix: ${c.fix}`,
        );
      }
    } else if (c.kind === 'vcpu-quota') {
      if (!usages.has(c.location)) {
        const out = ask(['vm', 'list-usage', '--location', c.location, '-o', 'json']);
        usages.set(c.location, typeof out === 'string' ? JSON.parse(out || '[]') : out);
      }
      const list = usages.get(c.location);
      if (!Array.isArray(list)) {
        missing.push(`${c.what}: unknown (${list.error}). Fix: ${c.fix}`);
        continue;
      }
      const usage = list.find((u) => u.name?.value?.toLowerCase() === c.family.toLowerCase());
      if (!usage || Number(usage.limit) < c.vcpus) {
        missing.push(
          `${c.what}: the limit is ${usage ? usage.limit : 0} (in use: ${usage ? usage.currentValue : 0}). Fix: ${c.fix}`,
        );
      }
    }
  }
  return missing;
}

function render(env, needs) {
  const lines = [`Prerequisites of ${env} (from the synthesized stacks):`, '', 'Resource providers:'];
  for (const p of needs.providers) lines.push(`  ${p.namespace}  (${p.why.join(', ')})`);
  lines.push('', 'Feature registrations:');
  if (needs.features.length === 0) lines.push('  none');
  for (const f of needs.features) lines.push(`  ${f.namespace}/${f.feature}  (${f.why.join('; ')})`);
  lines.push('', 'Quota and capacity:');
  if (needs.capacity.length === 0) lines.push('  none');
  for (const c of needs.capacity) lines.push(`  ${c.what}`);
  return lines.join('\n');
}

function main(argv, { out = process.stdout, err = process.stderr, run = az } = {}) {
  let args;
  try {
    args = parseArgs(argv);
    const needs = requirements(readStacks(resolve(args.outdir), args.env));
    if (needs.unknownTypes.length > 0) {
      err.write(
        `preflight: no resource provider known for ${needs.unknownTypes.join(', ')}. Fix: add the type to PROVIDERS in pipelines/scripts/preflight.js\n`,
      );
      return 2;
    }
    if (!args.check) {
      out.write(args.json ? `${JSON.stringify(needs, null, 2)}\n` : `${render(args.env, needs)}\n`);
      return 0;
    }
    const missing = check(needs, run);
    if (args.json) out.write(`${JSON.stringify({ ...needs, missing }, null, 2)}\n`);
    else if (missing.length === 0) out.write(`preflight ${args.env}: every prerequisite is in place\n`);
    else {
      err.write(`preflight ${args.env}: ${missing.length} prerequisite(s) missing:\n`);
      for (const line of missing) err.write(`  ${line}\n`);
    }
    return missing.length === 0 ? 0 : 1;
  } catch (error) {
    err.write(`preflight: ${error.message}\n`);
    return error.exitCode ?? 1;
  }
}

module.exports = { requirements, check, vmSize, parseArgs, main };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
