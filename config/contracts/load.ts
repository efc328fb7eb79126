import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type ConfigProblem, joinPath, Problems } from '../problems';
import { checkNotificationTargets, EMAIL } from '../rules/notification-targets';
import { describeIncompatibility, incompatibilities, parseAvro } from './compatibility';
import { fingerprint, LOCK_FILE, lockKey, type VersionLock } from './lock';
import {
  ALERT_WINDOWS,
  alertTargets,
  COMPATIBILITIES,
  type Compatibility,
  type Contact,
  type ContractSla,
  type DataContract,
  type SchemaVersion,
} from './model';
import { validateOdcs } from './odcs';

/**
 * The data contracts: `contracts/<domain>/contract.yaml` (ODCS v3.1.0) and `v<N>.avsc`, validated like environment
 * files (one line per problem: file, field, value, fix) before anything is written. `config/load.ts` joins them with
 * the environments; stacks, charts, the review and the registration manifest read the result.
 *
 * `LAKEHOUSE_CONTRACTS_DIR` points elsewhere (tests run the real entry point on broken contracts).
 */
export const CONTRACTS_DIR = process.env.LAKEHOUSE_CONTRACTS_DIR
  ? resolve(process.env.LAKEHOUSE_CONTRACTS_DIR)
  : join(__dirname, '..', '..', 'contracts');

export const CONTRACT_FILE = 'contract.yaml';
const VERSION_FILE = /^v([1-9]\d*)\.avsc$/;
/** As for event domains: hub names, schema group, bronze folder. */
const DOMAIN_NAME = /^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/;

/** The contract files, by path relative to the contracts folder (`orders/contract.yaml`, `versions.lock.json`). */
export type ContractFiles = ReadonlyMap<string, string>;

export interface LoadedContracts {
  /** The valid contracts, by domain. */
  readonly contracts: ReadonlyMap<string, DataContract>;
  /** Every domain folder, valid or not: an invalid one is reported once, not again where environments use it. */
  readonly domains: ReadonlySet<string>;
  readonly problems: readonly ConfigProblem[];
}

const cache = new Map<string, LoadedContracts>();

/** Reads and validates the contracts folder (once per folder and process). */
export function loadContracts(dir: string = CONTRACTS_DIR): LoadedContracts {
  const key = resolve(dir);
  let loaded = cache.get(key);
  if (!loaded) {
    const shown = relative(process.cwd(), key) || key;
    loaded = existsSync(key)
      ? readContracts(readContractFiles(key), shown)
      : { contracts: new Map(), domains: new Set(), problems: [] };
    cache.set(key, loaded);
  }
  return loaded;
}

/** The files of a contracts folder: the lock and every file one level inside a domain folder. */
export function readContractFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      for (const file of readdirSync(path).sort()) {
        if (statSync(join(path, file)).isFile())
          files.set(`${entry}/${file}`, readFileSync(join(path, file), 'utf8'));
      }
    } else if (entry === LOCK_FILE) {
      files.set(entry, readFileSync(path, 'utf8'));
    }
  }
  return files;
}

/**
 * Validates contract files (from the folder, or from a git revision for the review). `root` is how paths are
 * shown, e.g. `contracts`.
 */
export function readContracts(files: ContractFiles, root = 'contracts'): LoadedContracts {
  const problems: ConfigProblem[] = [];
  const lockFile = `${root}/${LOCK_FILE}`;
  const lock = readLock(files.get(LOCK_FILE), lockFile, problems);
  const domains = [...new Set([...files.keys()].filter((f) => f.includes('/')).map((f) => f.split('/')[0]))];
  const contracts = new Map<string, DataContract>();
  for (const domain of domains.sort()) {
    const contract = readDomain(domain, files, root, lock, problems);
    if (contract) contracts.set(domain, contract);
  }
  // A locked version whose file is gone was deleted after publication.
  for (const key of Object.keys(lock)) {
    if (!files.has(key)) {
      problems.push({
        file: `${root}/${key}`,
        path: '',
        value: undefined,
        message: `published version deleted (${lockFile} records it)`,
        fix: 'restore the file: consumers and the registry still use it (retire the domain instead, see docs/contracts.md)',
      });
    }
  }
  return { contracts, domains: new Set(domains), problems };
}

function readLock(text: string | undefined, file: string, problems: ConfigProblem[]): VersionLock {
  if (text === undefined) return {};
  try {
    const lock = JSON.parse(text) as unknown;
    if (typeof lock === 'object' && lock !== null && !Array.isArray(lock)) return lock as VersionLock;
  } catch {
    // reported below
  }
  problems.push({
    file,
    path: '',
    value: undefined,
    message: 'not a JSON object of "<domain>/v<N>.avsc": "sha256:..."',
    fix: 'restore it from git (npm run contracts:lock only adds entries)',
  });
  return {};
}

function readDomain(
  domain: string,
  files: ContractFiles,
  root: string,
  lock: VersionLock,
  problems: ConfigProblem[],
): DataContract | undefined {
  const file = `${root}/${domain}/${CONTRACT_FILE}`;
  const p = new Problems(file);
  const report = () => {
    problems.push(...p.list);
    return undefined;
  };
  if (!DOMAIN_NAME.test(domain)) {
    p.add(
      '',
      domain,
      'the folder name is not a domain name',
      `rename ${root}/${domain} to 1–50 lower-case letters, digits and hyphens, e.g. "orders"`,
    );
    return report();
  }
  const text = files.get(`${domain}/${CONTRACT_FILE}`);
  if (text === undefined) {
    p.add(
      '',
      undefined,
      'the domain folder has no contract',
      `add ${file} (copy contracts/orders/${CONTRACT_FILE})`,
    );
    return report();
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    p.add(
      '',
      undefined,
      `not valid YAML (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`,
      'fix the YAML syntax',
    );
    return report();
  }
  for (const error of validateOdcs(document)) {
    p.add(
      error.path,
      error.value,
      error.message,
      'see the Open Data Contract Standard v3.1.0 and docs/contracts.md',
    );
  }
  if (p.list.length > 0) return report();
  const doc = document as Record<string, unknown>;

  if (doc.domain !== domain)
    p.add('domain', doc.domain, `must name the folder's domain`, `set domain: ${domain}`);
  const schemaName = readSchemaName(p, doc.schema);
  const compatibility = readCompatibility(p, doc.customProperties);
  const { owners, consumers } = readTeam(p, doc.team);
  const webhooks = readWebhooks(p, doc.support);
  const sla = readSla(p, doc.slaProperties);
  const versions = readVersions(p, domain, files, root, lock, schemaName, problems);
  if (p.list.length > 0 || !schemaName || !compatibility || !sla || !versions) return report();

  const contract: DataContract = {
    domain,
    file,
    contractVersion: String(doc.version),
    status: String(doc.status),
    purpose: String((doc.description as Record<string, unknown> | undefined)?.purpose ?? ''),
    schemaName,
    compatibility,
    owners,
    consumers,
    webhooks,
    sla,
    versions,
  };
  // The same check an environment's alert targets get: what the action group receives is valid.
  checkNotificationTargets(p, 'team', alertTargets(contract));
  if (p.list.length > 0) return report();

  for (const incompatibility of incompatibilities(versions, compatibility)) {
    const version = versions.find((v) => v.version === incompatibility.version) as SchemaVersion;
    problems.push({
      file: version.file,
      path: '',
      value: `v${incompatibility.version}`,
      message: `not ${compatibility}-compatible: ${describeIncompatibility(incompatibility)}`,
      fix: `keep v${incompatibility.version} ${compatibility}-compatible (add fields with defaults, see docs/contracts.md), or start a new domain for a breaking change`,
    });
  }
  return contract;
}

function readSchemaName(p: Problems, schema: unknown): string | undefined {
  const list = Array.isArray(schema) ? schema : [];
  if (list.length !== 1) {
    p.add(
      'schema',
      schema,
      'needs exactly one schema object (the event)',
      'list one element with physicalName: <Avro full name>',
    );
    return undefined;
  }
  const name = (list[0] as Record<string, unknown>).physicalName;
  if (
    !p.string(
      'schema[0].physicalName',
      name,
      /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/,
      'write the Avro full name of the event record, e.g. com.contoso.orders.OrderEvent',
    )
  )
    return undefined;
  return name;
}

function readCompatibility(p: Problems, custom: unknown): Compatibility | undefined {
  const list = Array.isArray(custom) ? (custom as Record<string, unknown>[]) : [];
  const index = list.findIndex((c) => c.property === 'schemaCompatibility');
  if (index === -1) {
    p.add(
      'customProperties',
      undefined,
      'schemaCompatibility is missing',
      'add - property: schemaCompatibility, value: Backward (or Forward, Full, None)',
    );
    return undefined;
  }
  const value = list[index].value;
  return p.oneOf(`customProperties[${index}].value`, value, COMPATIBILITIES) ? value : undefined;
}

function readTeam(p: Problems, team: unknown): { owners: Contact[]; consumers: Contact[] } {
  const owners: Contact[] = [];
  const consumers: Contact[] = [];
  const members = Array.isArray((team as Record<string, unknown> | undefined)?.members)
    ? ((team as Record<string, unknown>).members as Record<string, unknown>[])
    : [];
  members.forEach((member, i) => {
    const path = `team.members[${i}]`;
    if (!p.oneOf(joinPath(path, 'role'), member.role, ['owner', 'consumer'])) return;
    if (
      !p.string(
        joinPath(path, 'username'),
        member.username,
        EMAIL,
        'use the email address alerts go to, e.g. "orders-team@contoso.com"',
      )
    )
      return;
    const contact = {
      email: member.username,
      name: typeof member.name === 'string' ? member.name : member.username,
    };
    (member.role === 'owner' ? owners : consumers).push(contact);
  });
  if (owners.length === 0) {
    p.add(
      'team.members',
      members.length,
      'no member with role: owner',
      'add a member with role: owner and username: <team email>',
    );
  }
  return { owners, consumers };
}

function readWebhooks(p: Problems, support: unknown): string[] {
  const items = Array.isArray(support) ? (support as Record<string, unknown>[]) : [];
  const webhooks: string[] = [];
  items.forEach((item, i) => {
    if (item.scope !== 'notifications') return;
    const url = item.url;
    if (
      p.string(
        `support[${i}].url`,
        url,
        /^https:\/\/[^\s/]+/,
        'give notification channels an https:// webhook URL',
      )
    )
      webhooks.push(url);
  });
  return webhooks;
}

const MINUTES: Readonly<Record<string, number>> = {
  m: 1,
  min: 1,
  minutes: 1,
  h: 60,
  hours: 60,
  d: 1440,
  days: 1440,
};
const WINDOWS = Object.values(ALERT_WINDOWS);

/** The three SLA properties the alerts are built from (ODCS leaves units open; the kit pins them). */
function readSla(p: Problems, properties: unknown): ContractSla | undefined {
  const list = Array.isArray(properties) ? (properties as Record<string, unknown>[]) : [];
  const find = (name: string) => {
    const index = list.findIndex((s) => s.property === name);
    if (index === -1)
      p.add(
        'slaProperties',
        undefined,
        `the ${name} SLA is missing`,
        `add - property: ${name} (see docs/contracts.md)`,
      );
    return index === -1 ? undefined : { index, item: list[index] };
  };
  const minutes = (name: string): number | undefined => {
    const found = find(name);
    if (!found) return undefined;
    const path = `slaProperties[${found.index}]`;
    const factor = MINUTES[String(found.item.unit)];
    if (factor === undefined) {
      p.add(joinPath(path, 'unit'), found.item.unit, 'not a time unit the kit knows', 'use m, h or d');
      return undefined;
    }
    const value = found.item.value;
    if (!p.number(joinPath(path, 'value'), value, { min: 1 })) return undefined;
    const total = value * factor;
    if (!WINDOWS.includes(total)) {
      p.add(
        joinPath(path, 'value'),
        value,
        `${total} minutes is not an Azure Monitor alert window`,
        `use one of ${WINDOWS.join(', ')} minutes`,
      );
      return undefined;
    }
    return total;
  };
  const freshnessMinutes = minutes('frequency');
  const latencyMinutes = minutes('latency');
  let deadLetter: ContractSla['deadLetter'] | undefined;
  const errors = find('errorRate');
  if (errors) {
    const path = `slaProperties[${errors.index}]`;
    const unit = /^events\/(P[T0-9A-Z]+)$/.exec(String(errors.item.unit));
    const window = unit ? ALERT_WINDOWS[unit[1]] : undefined;
    if (window === undefined) {
      p.add(
        joinPath(path, 'unit'),
        errors.item.unit,
        'not events per an alert window',
        `use events/<window> with a window of ${Object.keys(ALERT_WINDOWS).join(', ')}, e.g. events/PT15M`,
      );
    } else if (p.number(joinPath(path, 'value'), errors.item.value, { min: 0, integer: true })) {
      deadLetter = { maxEvents: errors.item.value, windowMinutes: window };
    }
  }
  if (freshnessMinutes === undefined || latencyMinutes === undefined || deadLetter === undefined)
    return undefined;
  return { freshnessMinutes, latencyMinutes, deadLetter };
}

function readVersions(
  p: Problems,
  domain: string,
  files: ContractFiles,
  root: string,
  lock: VersionLock,
  schemaName: string | undefined,
  problems: ConfigProblem[],
): SchemaVersion[] | undefined {
  const numbers: number[] = [];
  for (const path of files.keys()) {
    const [folder, name] = path.split('/');
    if (folder !== domain || name === CONTRACT_FILE) continue;
    const match = VERSION_FILE.exec(name);
    if (match) numbers.push(Number(match[1]));
    else
      problems.push({
        file: `${root}/${path}`,
        path: '',
        value: name,
        message: 'not a contract file',
        fix: `name schema versions v1.avsc, v2.avsc, ... or move the file out of ${root}/${domain}`,
      });
  }
  numbers.sort((a, b) => a - b);
  if (numbers.length === 0) {
    p.add(
      '',
      undefined,
      'the domain has no schema version',
      `add ${root}/${domain}/v1.avsc (an Avro record schema)`,
    );
    return undefined;
  }
  let ok = true;
  numbers.forEach((n, i) => {
    if (n !== i + 1) {
      problems.push({
        file: `${root}/${domain}/v${n}.avsc`,
        path: '',
        value: `v${n}`,
        message: `version gap: v${i + 1}.avsc is missing`,
        fix: `number versions 1, 2, 3, ... without gaps (rename to v${i + 1}.avsc)`,
      });
      ok = false;
    }
  });
  const versions: SchemaVersion[] = [];
  for (const version of numbers) {
    const key = lockKey(domain, version);
    const file = `${root}/${key}`;
    const text = files.get(key) as string;
    let schema: unknown;
    try {
      schema = JSON.parse(text);
      parseAvro(schema);
    } catch (error) {
      problems.push({
        file,
        path: '',
        value: undefined,
        message: `not a valid Avro schema (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`,
        fix: 'write an Avro record schema as JSON (avro.apache.org/docs/current/specification)',
      });
      ok = false;
      continue;
    }
    const record = schema as Record<string, unknown>;
    const fullName =
      typeof record.namespace === 'string' && !String(record.name).includes('.')
        ? `${record.namespace}.${record.name}`
        : String(record.name);
    if (record.type !== 'record' || (schemaName && fullName !== schemaName)) {
      problems.push({
        file,
        path: 'name',
        value: fullName,
        message: `must be the record ${schemaName ?? '(schema[0].physicalName)'} (the registry keeps versions under one schema name)`,
        fix: `set type "record", namespace and name so that the full name is ${schemaName}`,
      });
      ok = false;
    }
    const print = fingerprint(schema);
    const locked = lock[key];
    if (locked === undefined) {
      problems.push({
        file,
        path: '',
        value: `v${version}`,
        message: `not recorded in ${root}/${LOCK_FILE}`,
        fix: 'run npm run contracts:lock to publish it (after review)',
      });
      ok = false;
    } else if (locked !== print) {
      problems.push({
        file,
        path: '',
        value: `v${version}`,
        message: `published version edited in place (its fingerprint is not the one ${root}/${LOCK_FILE} records): breaking for every consumer and registry that has it`,
        fix: `restore ${key} as published (git checkout) and put the change in v${numbers[numbers.length - 1] + 1}.avsc`,
      });
      ok = false;
    }
    versions.push({ version, file, text, schema, fingerprint: print });
  }
  return ok ? versions : undefined;
}

/** The contract of a domain the environments use (validated by `config/load.ts` before any stack is built). */
export function contractOf(domain: string, dir: string = CONTRACTS_DIR): DataContract {
  const contract = loadContracts(dir).contracts.get(domain);
  if (!contract) {
    throw new Error(
      `no valid data contract for domain ${domain} in ${dir}. Fix: add contracts/${domain}/contract.yaml (validate the config first)`,
    );
  }
  return contract;
}
