import type { TerraformRule } from '../rule';

/** Attributes that are credentials; an output that reads one publishes a secret in state and pipeline logs. */
const SECRET_ATTRIBUTES = [
  'primary_access_key',
  'secondary_access_key',
  'primary_connection_string',
  'secondary_connection_string',
  'primary_blob_connection_string',
  'secondary_blob_connection_string',
  'default_primary_key',
  'default_secondary_key',
  'default_primary_connection_string',
  'default_secondary_connection_string',
  'primary_key',
  'secondary_key',
  'primary_master_key',
  'secondary_master_key',
  'primary_readonly_master_key',
  'secondary_readonly_master_key',
  'primary_sql_connection_string',
  'connection_strings',
  'primary_shared_key',
  'secondary_shared_key',
  'kube_config',
  'kube_config_raw',
  'kube_admin_config',
  'kube_admin_config_raw',
  'client_certificate',
  'client_key',
  'client_secret',
  'admin_password',
  'sql_administrator_login_password',
  'instrumentation_key',
  'private_key_pem',
];

/** Secret-looking output names, as words of the name (`storage_key`, `dbPassword`, `sas-token`). */
const SECRET_WORDS =
  /(^|_)(password|passwd|secret|token|credentials?|sas|kubeconfig|connection_string|access_key|account_key|shared_key|master_key|private_key|primary_key|client_secret)(_|$)/;

/** Literal values that look like credentials. */
const SECRET_VALUES =
  /AccountKey=|SharedAccessKey=|SharedAccessSignature|sig=[A-Za-z0-9%]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** `primaryAccessKey`, `sas-token`, `Kube.Config` → `primary_access_key`, `sas_token`, `kube_config`. */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/** A pattern per credential attribute, compiled once: the rule runs on every output of every stack. */
const SECRET_READS = SECRET_ATTRIBUTES.map((attr) => ({
  attr,
  pattern: new RegExp(`\\.${attr}(\\b|\\[|\\.|\\})`),
}));

/** Whether an expression reads one of the credential attributes (`${azurerm_x.y.primary_access_key}`). */
function readsSecret(value: string): string | undefined {
  return SECRET_READS.find(({ pattern }) => pattern.test(value))?.attr;
}

/**
 * No secret leaves a stack through an output: outputs end up in state, in `terraform output` and in pipeline
 * logs, and `sensitive = true` only hides them from the console. The kit passes ids, names and client ids
 * (not secrets) between stacks and to the manifests; workloads authenticate with workload identity.
 */
export const noSecretsInOutputs: TerraformRule = {
  id: 'no-secrets-in-outputs',
  title: 'No secrets in Terraform outputs',
  level: 'error',
  resourceTypes: ['output'],
  check(attrs, { resource }) {
    const value = JSON.stringify(attrs.value ?? '');
    const attribute = readsSecret(value);
    if (attribute) {
      return [
        {
          message: `the output reads ${attribute}, a credential`,
          fix: 'remove the output; give the consumer an Entra ID identity and a role assignment instead',
        },
      ];
    }
    if (SECRET_VALUES.test(value)) {
      return [
        {
          message: 'the output value looks like a key or connection string',
          fix: 'remove the secret from the output',
        },
      ];
    }
    const name = words(resource.name);
    const word = SECRET_WORDS.exec(name)?.[2];
    if (word && !name.startsWith('cross_stack_output_')) {
      return [
        {
          message: `the output name says it holds a secret (${word})`,
          fix: 'do not output secrets; if it is not one, rename the output',
        },
      ];
    }
    return 'compliant';
  },
};
