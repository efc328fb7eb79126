import { type ConfigRule, GUID } from './rule';

/** An Azure DevOps organization URL: the form Managed DevOps Pools take (`organizationProfile.organizations[].url`). */
const ORGANIZATION_URL = /^https:\/\/dev\.azure\.com\/[A-Za-z0-9][-A-Za-z0-9]{0,48}[A-Za-z0-9]?$/;
/** Azure DevOps project names: up to 64 characters, none of the reserved ones. */
const PROJECT = /^[^\\/:*?"<>|;#$`,+=[\]{}&%.][^\\/:*?"<>|;#$`,+=[\]{}&%]{0,63}$/;
/** A VM size name, e.g. `Standard_D2ads_v5`. */
const VM_SIZE = /^Standard_[A-Za-z0-9_]+$/;

/** The environment's Managed DevOps Pool: which organization and projects it serves and how large it grows. */
export const agentsRule: ConfigRule = (config, p) => {
  const agents = config.agents;
  if (
    !p.object(
      'agents',
      agents,
      ['organizationUrl', 'projects', 'maximumConcurrency', 'devOpsInfrastructurePrincipalId'],
      ['vmSize'],
    )
  )
    return;
  p.string(
    'agents.organizationUrl',
    agents.organizationUrl,
    ORGANIZATION_URL,
    "use the organization's URL without a trailing slash, e.g. 'https://dev.azure.com/contoso'",
  );
  if (p.array('agents.projects', agents.projects, "list the Azure DevOps projects, e.g. ['lakehouse']")) {
    if (agents.projects.length === 0)
      p.add('agents.projects', [], 'the pool serves no project', 'list the project that holds the pipelines');
    agents.projects.forEach((project, i) => {
      p.string(`agents.projects[${i}]`, project, PROJECT, 'use the Azure DevOps project name');
    });
    p.unique('agents.projects', agents.projects, (project) => project, 'project');
  }
  p.number('agents.maximumConcurrency', agents.maximumConcurrency, { min: 1, max: 100, integer: true });
  if (agents.vmSize !== undefined)
    p.string('agents.vmSize', agents.vmSize, VM_SIZE, "use an Azure VM size, e.g. 'Standard_D2ads_v5'");
  p.string(
    'agents.devOpsInfrastructurePrincipalId',
    agents.devOpsInfrastructurePrincipalId,
    GUID,
    'use the object id from `az ad sp show --id 31687f79-5e43-4c1e-8c63-d9f4bff5cf8b --query id -o tsv`',
  );
};
