/**
 * Azure regions the kit knows: the name Azure uses, a short code for resource names, and whether the region
 * has availability zones (zone-redundant storage, Event Hubs, Cosmos DB and AKS node zones need them).
 * Source: `az account list-locations` and the Azure "regions with availability zones" list.
 * Add a row to support a new region. It lives in naming/, the lowest layer that needs it: names take the short
 * code, and the config rules (a layer above naming) check regions and zones against it.
 */
export interface AzureRegion {
  readonly short: string;
  readonly zones: boolean;
}

export const AZURE_REGIONS: Readonly<Record<string, AzureRegion>> = {
  australiaeast: { short: 'aue', zones: true },
  australiasoutheast: { short: 'ause', zones: false },
  brazilsouth: { short: 'brs', zones: true },
  canadacentral: { short: 'cac', zones: true },
  canadaeast: { short: 'cae', zones: false },
  centralindia: { short: 'inc', zones: true },
  centralus: { short: 'cus', zones: true },
  eastasia: { short: 'ea', zones: true },
  eastus: { short: 'eus', zones: true },
  eastus2: { short: 'eus2', zones: true },
  francecentral: { short: 'frc', zones: true },
  germanywestcentral: { short: 'gwc', zones: true },
  italynorth: { short: 'itn', zones: true },
  japaneast: { short: 'jpe', zones: true },
  japanwest: { short: 'jpw', zones: true },
  koreacentral: { short: 'krc', zones: true },
  northcentralus: { short: 'ncus', zones: false },
  northeurope: { short: 'neu', zones: true },
  norwayeast: { short: 'nwe', zones: true },
  polandcentral: { short: 'plc', zones: true },
  southafricanorth: { short: 'san', zones: true },
  southcentralus: { short: 'scus', zones: true },
  southeastasia: { short: 'sea', zones: true },
  swedencentral: { short: 'sdc', zones: true },
  switzerlandnorth: { short: 'szn', zones: true },
  uaenorth: { short: 'uan', zones: true },
  uksouth: { short: 'uks', zones: true },
  ukwest: { short: 'ukw', zones: false },
  westcentralus: { short: 'wcus', zones: false },
  westeurope: { short: 'weu', zones: true },
  westus: { short: 'wus', zones: false },
  westus2: { short: 'wus2', zones: true },
  westus3: { short: 'wus3', zones: true },
};

export function regionOf(location: string): AzureRegion {
  const region = AZURE_REGIONS[location];
  if (!region) throw new Error(`unknown Azure region '${location}' (validate the config before naming)`);
  return region;
}

/** The closest known region names, for "did you mean" hints. */
export function suggestRegions(location: string): string[] {
  const wanted = location.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (AZURE_REGIONS[wanted]) return [wanted];
  return Object.keys(AZURE_REGIONS)
    .map((name) => ({ name, distance: editDistance(name, wanted) }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((r) => r.name);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
