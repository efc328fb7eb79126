import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACTS_DIR, contractOf, readContractFiles } from '../config/contracts/load';
import { registryCompatibility } from '../config/contracts/model';
import type { EnvironmentConfig } from '../environments/schema';
import { platformEndpoints } from '../naming/endpoints';
import { Naming } from '../naming/names';

/**
 * What the synth writes about the data contracts into `cdktf.out/contracts/`, the build artifact:
 * - `<env>.json`: the registration manifest that `pipelines/scripts/register-schemas.js` reads after the
 *   environment's apply (its registry endpoint, and per schema its group and every published version's text);
 * - `files.json`: the contract files as they are, so that a review against a `cdktf.out` folder has them.
 */
export interface RegistrationManifest {
  readonly environment: string;
  /** `https://<namespace>.servicebus.windows.net`: the schema registry is the namespace's data plane. */
  readonly endpoint: string;
  readonly schemas: readonly {
    readonly domain: string;
    readonly group: string;
    readonly name: string;
    /** The group's mode in the registry (a Full contract is checked offline and registered under Backward). */
    readonly compatibility: string;
    readonly versions: readonly {
      readonly version: number;
      readonly file: string;
      readonly fingerprint: string;
      readonly definition: string;
    }[];
  }[];
}

export const CONTRACTS_OUT = 'contracts';

export function registrationManifest(config: EnvironmentConfig): RegistrationManifest {
  const naming = new Naming(config);
  return {
    environment: config.name,
    endpoint: platformEndpoints(naming).schemaRegistry,
    schemas: config.eventHubs.domains.map((domain) => {
      const contract = contractOf(domain.name);
      return {
        domain: domain.name,
        group: naming.schemaGroup(domain.name, config.eventHubs.sku),
        name: contract.schemaName,
        compatibility: registryCompatibility(contract.compatibility),
        versions: contract.versions.map((v) => ({
          version: v.version,
          file: v.file,
          fingerprint: v.fingerprint,
          definition: v.text,
        })),
      };
    }),
  };
}

/** Writes `contracts/<env>.json` for each environment and `contracts/files.json` into a synth output folder. */
export function writeContractManifests(outdir: string, configs: readonly EnvironmentConfig[]): void {
  const dir = join(outdir, CONTRACTS_OUT);
  mkdirSync(dir, { recursive: true });
  for (const config of configs) {
    writeFileSync(
      join(dir, `${config.name}.json`),
      `${JSON.stringify(registrationManifest(config), null, 2)}\n`,
    );
  }
  const files = Object.fromEntries(readContractFiles(CONTRACTS_DIR));
  writeFileSync(join(dir, 'files.json'), `${JSON.stringify(files, null, 2)}\n`);
}
