/**
 * register-schemas.js against a local HTTPS server that behaves as the Event Hubs schema registry's documented data
 * plane API (api-version 2023-07-01: GET .../schemas/{name}/versions/{n}, PUT .../schemas/{name}), through the real
 * @azure/schema-registry client: success, already there (idempotent), conflict, incompatible, auth failure,
 * throttling with retry. The script runs as the pipeline runs it, a child process; it trusts the server's
 * throw-away certificate through NODE_EXTRA_CA_CERTS.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';
import { registrationManifest } from '../../app/contract-manifests';
import { loadEnvironments } from '../../config/load';

const environment = (name: string) => loadEnvironments({ only: [name] })[0];

import { SCRIPTS } from './support';

const exec = promisify(execFile);
const TOKEN = 'pipeline-token';

interface Registry {
  /** `<group>/<name>` → definitions; version n is index n-1. */
  schemas: Map<string, string[]>;
  /** Refuses a PUT (as the group's compatibility check does) when this says so. */
  incompatible?: (definition: string) => boolean;
  /** Answers this many requests with 429 first. */
  throttle: number;
  requests: { method: string; url: string; auth?: string; contentType?: string }[];
}
let registry: Registry;
let server: Server;
let endpoint: string;
const dir = mkdtempSync(join(tmpdir(), 'register-schemas-'));
const manifestFile = join(dir, 'dev.json');
const manifest = registrationManifest(environment('dev'));

function error(res: import('node:http').ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
}

function headers(group: string, name: string, version: number) {
  return {
    'schema-id': `${group}-${name}-${version}`.replace(/\W/g, ''),
    'schema-group-name': group,
    'schema-name': name,
    'schema-version': String(version),
    'content-type': 'application/json;serialization=Avro',
  };
}

beforeAll(async () => {
  // A throwaway certificate for localhost, made in process (no openssl on a fresh machine); the script trusts it
  // through NODE_EXTRA_CA_CERTS, as it would a corporate proxy's CA.
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  writeFileSync(join(dir, 'key.pem'), pems.private);
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(manifestFile, JSON.stringify(manifest));
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        registry.requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          auth: req.headers.authorization,
          contentType: req.headers['content-type'],
        });
        if (registry.throttle > 0) {
          registry.throttle--;
          res.writeHead(429, { 'retry-after': '0' });
          res.end();
          return;
        }
        if (req.headers.authorization !== `Bearer ${TOKEN}`)
          return error(res, 401, 'Unauthorized', 'InvalidIssuer: Token issuer is invalid.');
        const url = new URL(req.url ?? '', 'https://localhost');
        if (url.searchParams.get('api-version') !== '2023-07-01')
          return error(res, 400, 'InvalidApiVersion', 'unknown api-version');
        const version = /^\/\$schemaGroups\/([^/]+)\/schemas\/([^/]+)\/versions\/(\d+)$/.exec(url.pathname);
        const put = /^\/\$schemaGroups\/([^/]+)\/schemas\/([^/]+)$/.exec(url.pathname);
        if (req.method === 'GET' && version) {
          const [, group, name, n] = version.map(decodeURIComponent);
          const definition = registry.schemas.get(`${group}/${name}`)?.[Number(n) - 1];
          if (definition === undefined)
            return error(res, 404, 'ItemNotFound', `Schema ${group}/${name} version ${n} does not exist.`);
          res.writeHead(200, headers(group, name, Number(n)));
          res.end(definition);
          return;
        }
        if (req.method === 'PUT' && put) {
          const [, group, name] = put.map(decodeURIComponent);
          if (req.headers['content-type'] !== 'application/json; serialization=Avro')
            return error(res, 415, 'UnsupportedMediaType', 'expected Avro');
          const versions = registry.schemas.get(`${group}/${name}`) ?? [];
          const same = versions.findIndex(
            (d) => JSON.stringify(JSON.parse(d)) === JSON.stringify(JSON.parse(body)),
          );
          if (same === -1 && registry.incompatible?.(body))
            return error(
              res,
              400,
              'InvalidRequest',
              'Schema is not compatible with the latest version under the Backward compatibility mode of the group.',
            );
          if (same === -1) versions.push(body);
          registry.schemas.set(`${group}/${name}`, versions);
          res.writeHead(204, {
            ...headers(group, name, same === -1 ? versions.length : same + 1),
            location: req.url ?? '',
          });
          res.end();
          return;
        }
        error(res, 404, 'NotFound', `no route ${req.method} ${url.pathname}`);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections(); // the client keeps connections alive; they would hold the worker open
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  registry = { schemas: new Map(), throttle: 0, requests: [] };
});

async function run(args: string[] = [], token = TOKEN) {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      [join(SCRIPTS, 'register-schemas.js'), '--manifest', manifestFile, '--endpoint', endpoint, ...args],
      {
        env: {
          PATH: process.env.PATH,
          NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
          SCHEMA_REGISTRY_ACCESS_TOKEN: token,
        },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface Script {
  registerSchemas(args: {
    manifest: unknown;
    endpoint: string;
    credential: unknown;
    dryRun?: boolean;
    log: (line: string) => void;
    clientOptions: unknown;
  }): Promise<{ registered: number; unchanged: number }>;
}
const { registerSchemas }: Script = require(join(SCRIPTS, 'register-schemas.js'));

/** The script's registration in this process (fast); two command-line runs check what a pipeline step shows. */
async function register(token = TOKEN, dryRun = false) {
  const lines: string[] = [];
  try {
    await registerSchemas({
      manifest,
      endpoint,
      credential: { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 60_000 }) },
      dryRun,
      log: (line) => lines.push(line),
      clientOptions: { tlsOptions: { ca: readFileSync(join(dir, 'cert.pem')) } },
    });
    return { code: 0, stdout: lines.join('\n'), stderr: '' };
  } catch (e) {
    return { code: 1, stdout: lines.join('\n'), stderr: (e as Error).message };
  }
}

const orders = manifest.schemas[0];
const key = `${orders.group}/${orders.name}`;

describe('register-schemas.js against a local schema registry', () => {
  test('registers every version in order, with the Entra ID token and the Avro content type', async () => {
    const result = await register();
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('schemas: 3 registered, 0 already there');
    expect(registry.schemas.get(key)).toEqual(orders.versions.map((v) => v.definition));
    const puts = registry.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(3);
    for (const r of puts)
      expect(r).toMatchObject({
        auth: `Bearer ${TOKEN}`,
        contentType: 'application/json; serialization=Avro',
      });
  });

  test('idempotent: versions already there are not registered again', async () => {
    await register();
    registry.requests = [];
    const again = await register();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('schemas: 0 registered, 3 already there');
    expect(registry.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  test('only what is missing: v1 there, v2 registered', async () => {
    registry.schemas.set(key, [orders.versions[0].definition]);
    const result = await register();
    expect(result.stdout).toContain('schemas: 2 registered, 1 already there');
  });

  test('conflict: the registry holds a different v1, promotion stops', async () => {
    registry.schemas.set(key, [
      JSON.stringify({ type: 'record', name: 'OrderEvent', namespace: 'com.contoso.orders', fields: [] }),
    ]);
    const result = await register();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${key} v1 (contracts/orders/v1.avsc): conflict: the registry's version 1 is a different schema`,
    );
    expect(registry.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  test('incompatible: the registry refuses a version, the script says why and fails', async () => {
    registry.incompatible = (definition) => definition.includes('"channel"');
    const result = await register();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${key} v2 (contracts/orders/v2.avsc): the registry refused the schema (HTTP 400`,
    );
    expect(registry.schemas.get(key)).toHaveLength(1);
  });

  test('auth failure (command line): exit 1, a clear message with the role the identity needs', async () => {
    const result = await run([], 'someone-else');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the registry refused the identity (HTTP 401');
    expect(result.stderr).toContain('Schema Registry Contributor (Preview)');
  });

  test('throttling: 429 with Retry-After is retried, then it succeeds', async () => {
    registry.throttle = 2;
    const result = await register();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('schemas: 3 registered');
    // 2 answered 429, then every GET (3) and PUT (3) once.
    expect(registry.requests).toHaveLength(8);
  });

  test('--dry-run registers nothing; bad usage exits 2', async () => {
    const dry = await register(TOKEN, true);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would register');
    expect(registry.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    const bad = await run(['--credential', 'secret']);
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--credential secret: use cli or default'),
    });
  });
});
