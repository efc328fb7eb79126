import { problemsAfter } from '../helpers/config';

/** Bad input in the lakehouse section: one line each, naming the file, the field, the value and the fix. */

test('the real environments pass', () => {
  for (const name of ['dev', 'test', 'prod']) expect(problemsAfter(name, () => {})).toEqual([]);
});

describe('lakehouse.metastoreId', () => {
  test('not a GUID', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.metastoreId = 'westeurope-metastore';
      }),
    ).toEqual([
      `environments/dev.ts: lakehouse.metastoreId = "westeurope-metastore": does not match ${String(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/)}. Fix: use the metastore id (a GUID) from the account console, or remove metastoreId to use the region’s automatically provisioned metastore`,
    ]);
  });
});

describe('lakehouse.groups', () => {
  test('a group name with a leading space', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.groups.analysts = ' sg-analysts';
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: lakehouse\.groups\.analysts = " sg-analysts": does not match .*\. Fix: use the Entra ID group’s display name as Databricks shows it, without leading or trailing spaces$/,
      ),
    ]);
  });

  test('an empty group name', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.groups.dataEngineers = '';
      }),
    ).toEqual([
      expect.stringMatching(/^environments\/dev\.ts: lakehouse\.groups\.dataEngineers = "": does not match /),
    ]);
  });

  test('everyone as a persona group', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.lakehouse.groups.analysts = 'account users';
      }),
    ).toEqual([
      'environments/prod.ts: lakehouse.groups.analysts = "account users": grants to this principal reach every user of the account or workspace. Fix: name an Entra ID group that holds only this persona, e.g. "sg-lakehouse-analysts-dev"',
    ]);
  });

  test('one group for two personas', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.groups.modelServing = 'SG-LAKEHOUSE-ANALYSTS-DEV';
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.groups.modelServing = "SG-LAKEHOUSE-ANALYSTS-DEV": the same group as lakehouse.groups.analysts (its members would get both personas’ grants). Fix: use one group per persona',
    ]);
  });

  test('a missing persona', () => {
    expect(
      problemsAfter('dev', (c) => {
        delete (c.lakehouse.groups as Record<string, unknown>).modelServing;
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.groups.modelServing = (missing): required field is missing. Fix: add lakehouse.groups.modelServing',
    ]);
  });
});

describe('lakehouse.compute', () => {
  test('a node type in the wrong format', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.compute.nodeTypes = ['Standard_D4ds_v5', 'd4ds_v5'];
      }),
    ).toEqual([
      `environments/dev.ts: lakehouse.compute.nodeTypes[1] = "d4ds_v5": does not match ${String(/^Standard_[A-Z][A-Za-z0-9_]*$/)}. Fix: use an Azure VM size as Databricks names it, e.g. "Standard_D4ds_v5"`,
    ]);
  });

  test('no node types at all', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.compute.nodeTypes = [];
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.compute.nodeTypes = []: is empty: clusters could use nothing. Fix: list at least one entry',
    ]);
  });

  test('a runtime version that is not a version key', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.compute.runtimeVersions = ['15.4 LTS'];
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\/dev\.ts: lakehouse\.compute\.runtimeVersions\[0\] = "15\.4 LTS": does not match .*\. Fix: use a runtime version key, e\.g\. "15\.4\.x-scala2\.12"$/,
      ),
    ]);
  });

  test('a runtime older than 13.3 LTS', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.compute.runtimeVersions = ['12.2.x-scala2.12'];
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.compute.runtimeVersions[0] = "12.2.x-scala2.12": older than 13.3 LTS: no Unity Catalog access once legacy access is disabled. Fix: use 13.3 LTS or later, e.g. "15.4.x-scala2.12"',
    ]);
  });

  test('a duplicate runtime version', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.compute.runtimeVersions = ['15.4.x-scala2.12', '15.4.x-scala2.12'];
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.compute.runtimeVersions[1] = "15.4.x-scala2.12": duplicate entry (also at lakehouse.compute.runtimeVersions[0]). Fix: give each entry a distinct value or remove one',
    ]);
  });

  test('negative workers', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.compute.maxWorkers = -2;
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.compute.maxWorkers = -2: out of range from 1 to 100. Fix: use a value from 1 to 100',
    ]);
  });

  test('auto-termination off (0)', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.compute.autoTerminationMinutes = 0;
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.compute.autoTerminationMinutes = 0: out of range from 10 to 240. Fix: use a value from 10 to 240',
    ]);
  });
});

describe('lakehouse.sqlWarehouse', () => {
  test('an unknown size', () => {
    expect(
      problemsAfter('dev', (c) => {
        (c.lakehouse.sqlWarehouse as Record<string, unknown>).size = 'XXS';
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.sqlWarehouse.size = "XXS": not an allowed value. Fix: use one of: "2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large"',
    ]);
  });

  test('negative cluster count', () => {
    expect(
      problemsAfter('prod', (c) => {
        c.lakehouse.sqlWarehouse.maxClusters = -1;
      }),
    ).toEqual([
      'environments/prod.ts: lakehouse.sqlWarehouse.maxClusters = -1: out of range from 1 to 30. Fix: use a value from 1 to 30',
    ]);
  });

  test('a classic warehouse that stops after 5 minutes (its floor is 10)', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.sqlWarehouse.serverless = false;
        c.lakehouse.sqlWarehouse.autoStopMinutes = 5;
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.sqlWarehouse.autoStopMinutes = 5: out of range from 10 to 1440. Fix: use a value from 10 to 1440',
    ]);
  });

  test('never stopping (0)', () => {
    expect(
      problemsAfter('dev', (c) => {
        c.lakehouse.sqlWarehouse.autoStopMinutes = 0;
      }),
    ).toEqual([
      'environments/dev.ts: lakehouse.sqlWarehouse.autoStopMinutes = 0: out of range from 1 to 1440. Fix: use a value from 1 to 1440',
    ]);
  });
});

test('a missing lakehouse section', () => {
  expect(
    problemsAfter('dev', (c) => {
      delete (c as Record<string, unknown>).lakehouse;
    }),
  ).toEqual(['environments/dev.ts: lakehouse = (missing): required field is missing. Fix: add lakehouse']);
});

test('databricks.enhancedSecurity must be a boolean', () => {
  expect(
    problemsAfter('prod', (c) => {
      (c.databricks as Record<string, unknown>).enhancedSecurity = 'yes';
    }),
  ).toEqual([
    'environments/prod.ts: databricks.enhancedSecurity = "yes": expected true or false. Fix: use a boolean without quotes',
  ]);
});
