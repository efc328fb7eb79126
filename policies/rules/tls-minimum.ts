import { flag, get, setTo } from '../attrs';
import type { Finding, TerraformRule } from '../rule';

/** Each service's minimum-TLS attribute, its accepted values (1.2 and later) and the provider default. */
const TLS: Readonly<Record<string, { path: string; accepted: readonly string[]; fallback: string }>> = {
  // azurerm 4.x docs: storage TLS1_0|TLS1_1|TLS1_2|TLS1_3, default TLS1_2 for new accounts.
  azurerm_storage_account: { path: 'min_tls_version', accepted: ['TLS1_2', 'TLS1_3'], fallback: 'TLS1_2' },
  // Event Hubs 1.0|1.1|1.2, default 1.2.
  azurerm_eventhub_namespace: { path: 'minimum_tls_version', accepted: ['1.2', '1.3'], fallback: '1.2' },
  // Cosmos DB Tls|Tls11|Tls12, default Tls12.
  azurerm_cosmosdb_account: { path: 'minimal_tls_version', accepted: ['Tls12', 'Tls13'], fallback: 'Tls12' },
};

/** TLS 1.2 or later only, and storage refuses plain HTTP. */
export const tlsMinimum: TerraformRule = {
  id: 'tls-minimum',
  title: 'TLS 1.2 or later, HTTPS only',
  level: 'error',
  resourceTypes: Object.keys(TLS),
  check(attrs, { resource }) {
    const { path, accepted, fallback } = TLS[resource.type];
    const findings: Finding[] = [];
    const version = get(attrs, path) ?? fallback;
    if (typeof version === 'string' && !version.includes('${') && !accepted.includes(version)) {
      findings.push({ message: `clients may use ${version}`, fix: setTo(path, accepted[0]) });
    }
    if (
      resource.type === 'azurerm_storage_account' &&
      flag(attrs, 'https_traffic_only_enabled', true) === false
    ) {
      findings.push({ message: 'plain HTTP is accepted', fix: setTo('https_traffic_only_enabled', true) });
    }
    return findings.length > 0 ? findings : 'compliant';
  },
};
