import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registrationManifest } from '../../app/contract-manifests';
import { loadEnvironments } from '../../config/load';
import { platformEndpoints } from '../../naming/endpoints';
import { Naming } from '../../naming/names';

const environment = (name: string) => loadEnvironments({ only: [name] })[0];

const ROOT = join(__dirname, '..', '..');

describe('the registration manifest (cdktf.out/contracts/<env>.json)', () => {
  test.each([
    ['dev', 'contracts'],
    ['prod', undefined],
  ])(
    '%s: the registry endpoint, the schema group of each domain, every version as written',
    (name, shared) => {
      const config = environment(name);
      const manifest = registrationManifest(config);
      expect(manifest.endpoint).toBe(platformEndpoints(new Naming(config)).schemaRegistry);
      expect(manifest.schemas.map((s) => [s.domain, s.group, s.name, s.compatibility])).toEqual([
        ['orders', shared ?? 'orders', 'com.contoso.orders.OrderEvent', 'Backward'],
        ['telemetry', shared ?? 'telemetry', 'com.contoso.telemetry.TelemetryReading', 'Backward'],
      ]);
      for (const schema of manifest.schemas) {
        expect(schema.versions.map((v) => v.version)).toEqual(schema.versions.map((_, i) => i + 1));
        for (const v of schema.versions) expect(v.definition).toBe(readFileSync(join(ROOT, v.file), 'utf8'));
      }
    },
  );
});
