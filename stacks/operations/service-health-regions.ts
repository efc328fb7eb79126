/**
 * Service Health filters events by region display name (`West Europe`), not by the name resources use
 * (`westeurope`). The display names of the regions the kit supports (`config/regions.ts`), from
 * `az account list-locations --query "[].{name:name, displayName:displayName}"`.
 */
const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  australiaeast: 'Australia East',
  australiasoutheast: 'Australia Southeast',
  brazilsouth: 'Brazil South',
  canadacentral: 'Canada Central',
  canadaeast: 'Canada East',
  centralindia: 'Central India',
  centralus: 'Central US',
  eastasia: 'East Asia',
  eastus: 'East US',
  eastus2: 'East US 2',
  francecentral: 'France Central',
  germanywestcentral: 'Germany West Central',
  italynorth: 'Italy North',
  japaneast: 'Japan East',
  japanwest: 'Japan West',
  koreacentral: 'Korea Central',
  northcentralus: 'North Central US',
  northeurope: 'North Europe',
  norwayeast: 'Norway East',
  polandcentral: 'Poland Central',
  southafricanorth: 'South Africa North',
  southcentralus: 'South Central US',
  southeastasia: 'Southeast Asia',
  swedencentral: 'Sweden Central',
  switzerlandnorth: 'Switzerland North',
  uaenorth: 'UAE North',
  uksouth: 'UK South',
  ukwest: 'UK West',
  westcentralus: 'West Central US',
  westeurope: 'West Europe',
  westus: 'West US',
  westus2: 'West US 2',
  westus3: 'West US 3',
};

/** The Service Health locations of an environment: its regions' display names and `Global` (global services). */
export function serviceHealthLocations(regions: readonly string[]): string[] {
  const names = regions.map((region) => {
    const display = DISPLAY_NAMES[region];
    if (!display)
      throw new Error(
        `Service Health: no display name for region '${region}'. Fix: add it to stacks/operations/service-health-regions.ts`,
      );
    return display;
  });
  return [...new Set([...names, 'Global'])];
}
