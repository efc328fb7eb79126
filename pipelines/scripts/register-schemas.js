#!/usr/bin/env node
// Registers the data contracts' schema versions that an environment's schema registry does not have yet.
// Runs after the environment's apply (the namespace and its schema groups exist then), from the build artifact:
//
//   node pipelines/scripts/register-schemas.js --manifest cdktf.out/contracts/<env>.json [--endpoint <https url>]
//                                              [--credential cli|default] [--dry-run]
//
// The manifest is written by the synth (app/contract-manifests.ts): the registry endpoint, and per schema its group,
// name and every published version's text, in version order.
//
// Per version, in order: the registry's version N of that schema is read (GET .../versions/N);
//   - the same schema (JSON-equal): nothing to do (idempotent: a re-run registers nothing);
//   - a different schema: conflict, exit 1 (someone registered outside the pipeline, or a published .avsc changed);
//   - none: registered (PUT); the version the registry assigns must be N, or it is a conflict too;
//   - the registry refuses it (400, incompatible under the group's mode): exit 1 with the registry's message.
// Throttling (429 with Retry-After) is retried by the SDK's pipeline; an auth failure (401/403) exits 1 and says
// which role the identity needs.
//
// Auth: the official clients, an Entra ID token for https://eventhubs.azure.net. `--credential cli` (default) is the
// Azure CLI login, i.e. the environment's service connection inside an AzureCLI@2 step, the identity that applied;
// `default` is DefaultAzureCredential. SCHEMA_REGISTRY_ACCESS_TOKEN, when set, is used as the token as is
// (e.g. from `az account get-access-token --resource https://eventhubs.azure.net`).
// That identity needs "Schema Registry Contributor (Preview)" on the namespace (data plane), and its agent must reach
// the namespace: on private environments an agent inside the VNet (the environment's Managed DevOps Pool).
//
// Needs Node 20 and two packages that the artifact does not carry (it has no node_modules): before the step, in the
// artifact folder, `npm install --no-save --no-package-lock @azure/schema-registry@1.3.0 @azure/identity@4.14.1`
// (the versions package.json pins).
// Exit codes: 0 registered or nothing to do, 1 a conflict, refusal or auth failure, 2 bad usage or input.

const { readFileSync } = require('node:fs');

const USAGE =
  'usage: register-schemas.js --manifest <cdktf.out/contracts/<env>.json> [--endpoint <https url>] [--credential cli|default] [--dry-run]';

class UsageError extends Error {}
class RegistrationError extends Error {}

function parseArgs(argv) {
  const args = { credential: 'cli', dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--dry-run') {
      args.dryRun = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw new UsageError(`${flag} needs a value. ${USAGE}`);
    i++;
    if (flag === '--manifest') args.manifest = value;
    else if (flag === '--endpoint') args.endpoint = value;
    else if (flag === '--credential') {
      if (value !== 'cli' && value !== 'default')
        throw new UsageError(`--credential ${value}: use cli or default`);
      args.credential = value;
    } else throw new UsageError(`unknown option ${flag}. ${USAGE}`);
  }
  if (!args.manifest) throw new UsageError(`--manifest is required. ${USAGE}`);
  return args;
}

function readManifest(path) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read the manifest ${path}: ${error.message.split('\n')[0]}. Fix: run npm run synth, or pass cdktf.out/contracts/<env>.json`,
    );
  }
  if (typeof manifest.endpoint !== 'string' || !Array.isArray(manifest.schemas))
    throw new UsageError(
      `${path} is not a registration manifest (no endpoint or schemas). Fix: pass cdktf.out/contracts/<env>.json`,
    );
  return manifest;
}

function load(name) {
  try {
    return require(name);
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error;
    throw new UsageError(
      `${name} is not installed. Fix: run from the build artifact, whose node_modules Build stages (scripts/stage-node-deps.mjs), or from the repository after npm ci`,
    );
  }
}

function credentialFor(kind, env) {
  if (env.SCHEMA_REGISTRY_ACCESS_TOKEN) {
    const token = env.SCHEMA_REGISTRY_ACCESS_TOKEN;
    return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 5 * 60 * 1000 }) };
  }
  const identity = load('@azure/identity');
  return kind === 'default' ? new identity.DefaultAzureCredential() : new identity.AzureCliCredential();
}

function sameSchema(a, b) {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}

function explain(error, what) {
  const status = error.statusCode;
  const detail = (error.message || String(error)).split('\n')[0];
  if (status === 401 || status === 403)
    return `${what}: the registry refused the identity (HTTP ${status}: ${detail}). Fix: grant it "Schema Registry Contributor (Preview)" on the namespace, wait for the role to propagate (minutes), and check the token's audience is https://eventhubs.azure.net`;
  if (status === 400 || status === 409 || status === 415)
    return `${what}: the registry refused the schema (HTTP ${status}: ${detail}). Fix: the version is not compatible under the group's mode, or not valid Avro; npm test checks both offline (docs/contracts.md)`;
  return `${what}: ${status ? `HTTP ${status}: ` : ''}${detail}`;
}

/** Registers what is missing; returns the lines it printed. Throws RegistrationError on a conflict or refusal. */
async function registerSchemas({
  manifest,
  endpoint,
  credential,
  dryRun = false,
  log = console.log,
  clientOptions = {},
}) {
  const { SchemaRegistryClient } = load('@azure/schema-registry');
  const client = new SchemaRegistryClient(endpoint || manifest.endpoint, credential, clientOptions);
  const counts = { registered: 0, unchanged: 0 };
  for (const schema of manifest.schemas) {
    for (const version of schema.versions) {
      const what = `${schema.group}/${schema.name} v${version.version} (${version.file})`;
      let existing;
      try {
        existing = await client.getSchema(schema.name, schema.group, version.version);
      } catch (error) {
        if (error.statusCode !== 404) throw new RegistrationError(explain(error, what));
      }
      if (existing) {
        if (!sameSchema(existing.definition, version.definition)) {
          throw new RegistrationError(
            `${what}: conflict: the registry's version ${version.version} is a different schema (id ${existing.properties.id}). Fix: published versions are immutable; restore ${version.file} as published, or find who registered outside the pipeline`,
          );
        }
        counts.unchanged++;
        log(`unchanged   ${what}`);
        continue;
      }
      if (dryRun) {
        log(`would register ${what}`);
        continue;
      }
      let registered;
      try {
        registered = await client.registerSchema({
          groupName: schema.group,
          name: schema.name,
          format: 'Avro',
          definition: version.definition,
        });
      } catch (error) {
        throw new RegistrationError(explain(error, what));
      }
      if (registered.version !== version.version) {
        throw new RegistrationError(
          `${what}: conflict: the registry stored it as version ${registered.version}. Fix: the registry's versions differ from contracts/ (registered outside the pipeline?); reconcile them before promoting`,
        );
      }
      counts.registered++;
      log(`registered  ${what} (id ${registered.id})`);
    }
  }
  log(`schemas: ${counts.registered} registered, ${counts.unchanged} already there`);
  return counts;
}

async function main(argv, env) {
  const args = parseArgs(argv);
  const manifest = readManifest(args.manifest);
  await registerSchemas({
    manifest,
    endpoint: args.endpoint,
    credential: credentialFor(args.credential, env),
    dryRun: args.dryRun,
  });
}

module.exports = { parseArgs, readManifest, registerSchemas, RegistrationError, UsageError };

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    () => {
      process.exitCode = 0;
    },
    (error) => {
      if (error instanceof UsageError) {
        console.error(error.message);
        process.exitCode = 2;
      } else if (error instanceof RegistrationError) {
        console.error(`register-schemas: ${error.message}`);
        process.exitCode = 1;
      } else {
        console.error(`register-schemas: ${error.stack || error}`);
        process.exitCode = 1;
      }
    },
  );
}
