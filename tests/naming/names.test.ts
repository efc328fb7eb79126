import { derivedNames } from '../../naming/derived-names';
import { platformEndpoints } from '../../naming/endpoints';
import { Naming } from '../../naming/names';
import { NAME_RULES, nameViolation } from '../../naming/rules';
import { stateBackend } from '../../naming/state-backend';
import { ENVIRONMENT_NAMES, environment } from '../helpers/synth';

describe('every derived name of every environment follows Azure rules', () => {
  test.each(ENVIRONMENT_NAMES)('%s', (name) => {
    const names = derivedNames(environment(name));
    expect(names.length).toBeGreaterThan(20);
    expect(
      names.map((n) => ({ ...n, violation: nameViolation(n.kind, n.name) })).filter((n) => n.violation),
    ).toEqual([]);
  });
});

test('the same config always gives the same names', () => {
  const a = derivedNames(environment('prod'));
  const b = derivedNames(structuredClone(environment('prod')));
  expect(b).toEqual(a);
  expect(new Naming(environment('prod')).suffix).toMatch(/^[a-z0-9]{5}$/);
});

test('pinned names: a change here renames (replaces) resources in every environment', () => {
  const naming = new Naming({ project: 'lakehouse', name: 'prod', location: 'northeurope' });
  expect(naming.resourceGroup('data')).toBe('rg-lakehouse-prod-neu-data');
  expect(naming.suffix).toBe(
    new Naming({ project: 'lakehouse', name: 'prod', location: 'northeurope' }).suffix,
  );
  expect(naming.storageAccount()).toBe(`stlakehouseprod${naming.suffix}`);
  expect(naming.keyVault()).toBe(`kv-lakehouse-prod-${naming.suffix}`);
});

test('globally unique kinds differ between environments', () => {
  const global = (name: string) =>
    derivedNames(environment(name))
      .filter((n) => (NAME_RULES[n.kind] as { global: boolean }).global)
      .map((n) => n.name);
  const [dev, test, prod] = ENVIRONMENT_NAMES.map(global);
  expect(dev.length).toBeGreaterThanOrEqual(6); // storage, Key Vault, Cosmos, Event Hubs, Synapse, ACR
  for (const name of dev) {
    expect(test).not.toContain(name);
    expect(prod).not.toContain(name);
  }
});

test('state storage names are derived with the suffix: unique per project and environment', () => {
  const base = { project: 'lakehouse', name: 'prod', location: 'northeurope' };
  const accounts = ['lakehouse', 'contoso', 'fabrikam'].map((project) =>
    new Naming({ ...base, project }).stateStorageAccount(),
  );
  expect(new Set(accounts).size).toBe(3);
  const naming = new Naming(base);
  expect(naming.stateStorageAccount()).toBe(`stlakehouseprodtf${naming.suffix}`);
  expect(naming.stateResourceGroup()).toBe('rg-lakehouse-prod-neu-tfstate');
  const perEnv = ENVIRONMENT_NAMES.map((name) => new Naming(environment(name)).stateStorageAccount());
  expect(new Set(perEnv).size).toBe(3);
  // Derived names are validated with the others (a long project code fails before anything is written).
  expect(derivedNames(environment('prod')).map((n) => n.name)).toContain(naming.stateStorageAccount());
});

test('state backend: derived unless named explicitly; none without backend', () => {
  const prod = environment('prod');
  expect(stateBackend(prod)).toMatchObject({
    resourceGroupName: 'rg-lakehouse-prod-neu-tfstate',
    storageAccountName: new Naming(prod).stateStorageAccount(),
    containerName: 'tfstate',
  });
  expect(
    stateBackend({ ...prod, backend: { storageAccountName: 'stourstate', resourceGroupName: 'rg-ours' } }),
  ).toMatchObject({ storageAccountName: 'stourstate', resourceGroupName: 'rg-ours' });
  expect(stateBackend({ ...prod, backend: undefined })).toBeUndefined();
});

test('the suffix depends on project, environment and region', () => {
  const base = { project: 'lakehouse', name: 'dev', location: 'westeurope' };
  const suffixes = new Set(
    [
      base,
      { ...base, project: 'contoso' },
      { ...base, name: 'qa' },
      { ...base, location: 'northeurope' },
    ].map((input) => new Naming(input).suffix),
  );
  expect(suffixes.size).toBe(4);
});

test('rules catch what Azure refuses', () => {
  expect(nameViolation('storageAccount', 'st-lakehouse')).toMatch(/lower-case letters and digits only/);
  expect(nameViolation('storageAccount', 'stlakehousestaging1abcde')).toBeUndefined();
  expect(nameViolation('storageAccount', 'stlakehousestaging12abcde')).toMatch(
    /25 characters; Azure allows 3–24/,
  );
  expect(nameViolation('keyVault', 'kv--double')).toMatch(/single hyphens/);
  expect(nameViolation('keyVault', '1kv-abc')).toMatch(/starting with a letter/);
  expect(nameViolation('eventHubsNamespace', 'evhns-lakehouse-sb')).toMatch(/not ending in -sb/);
  expect(nameViolation('containerRegistry', 'acr-lakehouse')).toMatch(/letters and digits only/);
  expect(nameViolation('synapseWorkspace', 'synw-x-ondemand-1')).toMatch(/-ondemand/);
});

test('endpoints derive from the same names', () => {
  const naming = new Naming(environment('dev'));
  const endpoints = platformEndpoints(naming);
  expect(endpoints.kafkaBootstrap).toBe(`${naming.eventHubsNamespace()}.servicebus.windows.net:9093`);
  expect(endpoints.cosmos).toBe(`https://${naming.cosmosAccount()}.documents.azure.com:443/`);
  expect(endpoints.lakeDfs).toBe(`https://${naming.storageAccount()}.dfs.core.windows.net`);
});
