import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadContracts, readContractFiles, readContracts } from '../../../config/contracts/load';
import { fingerprint } from '../../../config/contracts/lock';
import { formatProblem } from '../../../config/problems';

/** The repository's own contract files, read once; each test changes a copy. */
const REPO = readContractFiles(join(__dirname, '..', '..', '..', 'contracts'));

function problemsAfter(change: (files: Map<string, string>) => void): string[] {
  const files = new Map(REPO);
  change(files);
  return readContracts(files).problems.map(formatProblem);
}

/** Changes `orders/contract.yaml` as data. */
// biome-ignore lint/suspicious/noExplicitAny: the tests edit the YAML document freely, as a person would
function editContract(files: Map<string, string>, edit: (doc: Record<string, any>) => void): void {
  const doc = parse(files.get('orders/contract.yaml') as string);
  edit(doc);
  files.set('orders/contract.yaml', stringify(doc));
}

/** Adds a version and records it in the lock, as `npm run contracts:lock` would. */
function publish(files: Map<string, string>, key: string, schema: unknown): void {
  files.set(key, JSON.stringify(schema));
  const lock = JSON.parse(files.get('versions.lock.json') as string);
  files.set('versions.lock.json', JSON.stringify({ ...lock, [key]: fingerprint(schema) }));
}

const v2 = () => JSON.parse(REPO.get('orders/v2.avsc') as string);

describe('the repository contracts', () => {
  test('are valid, locked and compatible under their modes (a failing version fails npm test here)', () => {
    const { contracts, problems } = loadContracts();
    expect(problems.map(formatProblem)).toEqual([]);
    expect([...contracts.keys()]).toEqual(['orders', 'telemetry']);
    const orders = contracts.get('orders');
    expect(orders?.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(orders?.sla).toEqual({
      freshnessMinutes: 15,
      latencyMinutes: 30,
      deadLetter: { maxEvents: 50, windowMinutes: 15 },
    });
    expect(orders?.consumers.map((c) => c.name)).toEqual(['fraud-scoring', 'revenue-reporting']);
  });
});

describe('contract problems: one line each, with file, field, value and fix', () => {
  test("not ODCS: unknown field, wrong kind (the standard's own JSON schema, through ajv)", () => {
    expect(
      problemsAfter((f) =>
        editContract(f, (d) => {
          d.kind = 'Contract';
          d.owner = 'me';
        }),
      ),
    ).toEqual([
      'contracts/orders/contract.yaml: owner = "me": unknown field in ODCS v3.1.0. Fix: see the Open Data Contract Standard v3.1.0 and docs/contracts.md',
      'contracts/orders/contract.yaml: kind = "Contract": must be one of ["DataContract"]. Fix: see the Open Data Contract Standard v3.1.0 and docs/contracts.md',
    ]);
  });

  test('missing owner', () => {
    expect(
      problemsAfter((f) =>
        editContract(f, (d) => {
          d.team.members = d.team.members.filter((m: { role: string }) => m.role !== 'owner');
        }),
      ),
    ).toEqual([
      'contracts/orders/contract.yaml: team.members = 2: no member with role: owner. Fix: add a member with role: owner and username: <team email>',
    ]);
  });

  test('a contact that is not an email address, a webhook that is not https', () => {
    expect(
      problemsAfter((f) =>
        editContract(f, (d) => {
          d.team.members[1].username = 'fraud team';
          d.support[0].url = 'http://oncall.contoso.com/hooks/orders';
        }),
      ),
    ).toEqual([
      expect.stringContaining(
        'contracts/orders/contract.yaml: team.members[1].username = "fraud team": does not match',
      ),
      expect.stringContaining('support[0].url = "http://oncall.contoso.com/hooks/orders": does not match'),
    ]);
  });

  test('bad SLA values: a window Azure Monitor lacks, an unknown unit, a negative count, a missing SLA', () => {
    expect(
      problemsAfter((f) =>
        editContract(f, (d) => {
          d.slaProperties[0].value = 7;
          d.slaProperties[1].unit = 'events/hour';
          d.slaProperties.pop();
        }),
      ),
    ).toEqual([
      'contracts/orders/contract.yaml: slaProperties[0].value = 7: 7 minutes is not an Azure Monitor alert window. Fix: use one of 5, 15, 30, 60, 360, 720, 1440 minutes',
      'contracts/orders/contract.yaml: slaProperties = (missing): the latency SLA is missing. Fix: add - property: latency (see docs/contracts.md)',
      'contracts/orders/contract.yaml: slaProperties[1].unit = "events/hour": not events per an alert window. Fix: use events/<window> with a window of PT5M, PT15M, PT30M, PT1H, PT6H, PT12H, P1D, e.g. events/PT15M',
    ]);
    expect(problemsAfter((f) => editContract(f, (d) => (d.slaProperties[1].value = -1)))).toEqual([
      'contracts/orders/contract.yaml: slaProperties[1].value = -1: out of range of at least 0. Fix: use a value of at least 0',
    ]);
  });

  test('a compatibility mode the kit does not know', () => {
    expect(
      problemsAfter((f) => editContract(f, (d) => (d.customProperties[0].value = 'Transitive'))),
    ).toEqual([
      'contracts/orders/contract.yaml: customProperties[0].value = "Transitive": not an allowed value. Fix: use one of: "None", "Backward", "Forward", "Full"',
    ]);
  });

  test('invalid Avro', () => {
    expect(
      problemsAfter((f) =>
        publish(f, 'orders/v3.avsc', {
          type: 'record',
          name: 'OrderEvent',
          fields: [{ name: 'x', type: 'integer' }],
        }),
      ),
    ).toEqual([
      'contracts/orders/v3.avsc = (missing): not a valid Avro schema (undefined type name: integer). Fix: write an Avro record schema as JSON (avro.apache.org/docs/current/specification)',
    ]);
  });

  test('a version gap', () => {
    expect(problemsAfter((f) => publish(f, 'orders/v4.avsc', v2()))).toEqual([
      'contracts/orders/v4.avsc = "v4": version gap: v3.avsc is missing. Fix: number versions 1, 2, 3, ... without gaps (rename to v3.avsc)',
    ]);
  });

  test('a version under another record name (the registry keys versions by schema name)', () => {
    expect(problemsAfter((f) => publish(f, 'orders/v3.avsc', { ...v2(), name: 'Order' }))).toEqual([
      'contracts/orders/v3.avsc: name = "com.contoso.orders.Order": must be the record com.contoso.orders.OrderEvent (the registry keeps versions under one schema name). Fix: set type "record", namespace and name so that the full name is com.contoso.orders.OrderEvent',
    ]);
  });

  test('a domain folder without a contract, a stray file', () => {
    expect(
      problemsAfter((f) => {
        f.set('payments/v1.avsc', REPO.get('orders/v1.avsc') as string);
        f.set('orders/notes.txt', 'x');
      }),
    ).toEqual([
      'contracts/orders/notes.txt = "notes.txt": not a contract file. Fix: name schema versions v1.avsc, v2.avsc, ... or move the file out of contracts/orders',
      'contracts/payments/contract.yaml = (missing): the domain folder has no contract. Fix: add contracts/payments/contract.yaml (copy contracts/orders/contract.yaml)',
    ]);
  });
});

describe('published versions are immutable', () => {
  test('editing a published .avsc in place (even its doc) is reported as breaking', () => {
    expect(
      problemsAfter((f) =>
        f.set(
          'orders/v1.avsc',
          JSON.stringify({ ...JSON.parse(REPO.get('orders/v1.avsc') as string), doc: 'changed' }),
        ),
      ),
    ).toEqual([
      'contracts/orders/v1.avsc = "v1": published version edited in place (its fingerprint is not the one contracts/versions.lock.json records): breaking for every consumer and registry that has it. Fix: restore orders/v1.avsc as published (git checkout) and put the change in v3.avsc',
    ]);
  });

  test('whitespace is not an edit', () => {
    expect(
      problemsAfter((f) =>
        f.set('orders/v1.avsc', JSON.stringify(JSON.parse(REPO.get('orders/v1.avsc') as string))),
      ),
    ).toEqual([]);
  });

  test('a new version must be published (locked); a deleted one is reported', () => {
    expect(problemsAfter((f) => f.set('orders/v3.avsc', JSON.stringify(v2())))).toEqual([
      'contracts/orders/v3.avsc = "v3": not recorded in contracts/versions.lock.json. Fix: run npm run contracts:lock to publish it (after review)',
    ]);
    expect(problemsAfter((f) => f.delete('telemetry/v1.avsc'))).toEqual([
      'contracts/telemetry/contract.yaml = (missing): the domain has no schema version. Fix: add contracts/telemetry/v1.avsc (an Avro record schema)',
      'contracts/telemetry/v1.avsc = (missing): published version deleted (contracts/versions.lock.json records it). Fix: restore the file: consumers and the registry still use it (retire the domain instead, see docs/contracts.md)',
    ]);
  });

  test('an incompatible new version fails the load (so synth and npm test)', () => {
    const schema = v2();
    schema.fields.push({ name: 'warehouse', type: 'string' });
    expect(problemsAfter((f) => publish(f, 'orders/v3.avsc', schema))).toEqual([
      'contracts/orders/v3.avsc = "v3": not Backward-compatible: v3 cannot read data written with v1 (no matching field for default-less com.contoso.orders.OrderEvent.warehouse). Fix: keep v3 Backward-compatible (add fields with defaults, see docs/contracts.md), or start a new domain for a breaking change',
      'contracts/orders/v3.avsc = "v3": not Backward-compatible: v3 cannot read data written with v2 (no matching field for default-less com.contoso.orders.OrderEvent.warehouse). Fix: keep v3 Backward-compatible (add fields with defaults, see docs/contracts.md), or start a new domain for a breaking change',
    ]);
  });
});
