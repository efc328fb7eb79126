/**
 * Workload identity spans both layers: the compute stack creates an identity per workload whose federated
 * credential trusts `system:serviceaccount:<namespace>:<name>`, and outputs its client id under the workload's
 * name; the charts create that ServiceAccount, annotated with the client id read from that output. Nothing is
 * copied by hand between the two, so this test follows the chain through both synthesized outputs.
 */
import { type KubeObject, synthesizeEnvironment } from '../../charts/manifests';
import { CLIENT_IDS_OUTPUT, clientIdPlaceholder, clientIdsFromOutputs } from '../../charts/outputs';
import { WORKLOAD_IDENTITY_AUDIENCE } from '../../stacks/compute/workload-identity';
import {
  buildEnvironment,
  ENVIRONMENT_NAMES,
  environment,
  resourcesOf,
  type StackJson,
  synthStack,
} from '../helpers/synth';

const CLIENT_ID = 'azure.workload.identity/client-id';
const USE = 'azure.workload.identity/use';

const computes: Record<string, StackJson> = {};
/** The charts' objects of each environment, synthesized offline (client ids as placeholders). */
const offline: Record<string, KubeObject[]> = {};
beforeAll(() => {
  for (const name of ENVIRONMENT_NAMES)
    computes[name] = synthStack(buildEnvironment(environment(name)).stacks.compute);
  for (const name of ENVIRONMENT_NAMES)
    offline[name] = synthesizeEnvironment(environment(name)).flatMap((chart) => chart.objects);
});

/** The logical id inside `${azurerm_user_assigned_identity.<id>.<attribute>}`. */
function identityOf(reference: unknown, attribute: string): string {
  const match = new RegExp(`^\\$\\{azurerm_user_assigned_identity\\.([^.}]+)\\.${attribute}\\}$`).exec(
    String(reference),
  );
  if (!match)
    throw new Error(`not a reference to a user-assigned identity's ${attribute}: ${String(reference)}`);
  return match[1];
}

/** Subject each identity (by logical id) trusts, from the federated credentials. */
function subjectsByIdentity(compute: StackJson): Map<string, string> {
  const subjects = new Map<string, string>();
  for (const credential of resourcesOf(compute, 'azurerm_federated_identity_credential')) {
    expect(credential.audience).toEqual([WORKLOAD_IDENTITY_AUDIENCE]);
    subjects.set(identityOf(credential.parent_id, 'id'), String(credential.subject));
  }
  return subjects;
}

/** The `workload_client_ids` output: output key → identity logical id. */
function outputIdentities(compute: StackJson): Map<string, string> {
  const value = compute.output?.[CLIENT_IDS_OUTPUT]?.value as Record<string, unknown>;
  return new Map(Object.entries(value).map(([key, reference]) => [key, identityOf(reference, 'client_id')]));
}

const serviceAccountsOf = (objects: readonly KubeObject[]) =>
  objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.annotations?.[CLIENT_ID] !== undefined);
const subjectOf = (account: KubeObject) =>
  `system:serviceaccount:${account.metadata.namespace}:${account.metadata.name}`;

describe.each(ENVIRONMENT_NAMES)('%s: workload identity across Terraform and Kubernetes', (name) => {
  test('the federated credentials trust exactly the ServiceAccounts the charts create', () => {
    const trusted = [...subjectsByIdentity(computes[name]).values()].sort();
    const accounts = serviceAccountsOf(offline[name]);
    expect(accounts.map(subjectOf).sort()).toEqual(trusted);
    expect(trusted).toHaveLength(environment(name).workloads.length);
  });

  test('offline, each ServiceAccount holds the placeholder of the output entry of the identity that trusts it', () => {
    const subjects = subjectsByIdentity(computes[name]);
    const expected = new Map(
      [...outputIdentities(computes[name])].map(([key, identity]) => [
        subjects.get(identity),
        clientIdPlaceholder(key),
      ]),
    );
    const accounts = serviceAccountsOf(offline[name]);
    for (const account of accounts)
      expect(account.metadata.annotations?.[CLIENT_ID]).toBe(expected.get(subjectOf(account)));
  });

  test('with `terraform output -json` of the compute stack, each ServiceAccount gets its own identity', () => {
    // What `terraform output -json` prints for the stack's outputs, with a distinct made-up client id per entry.
    const fakeIds = new Map(
      [...outputIdentities(computes[name]).keys()].map((key, i) => [
        key,
        `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      ]),
    );
    const outputs = {
      [CLIENT_IDS_OUTPUT]: { sensitive: false, type: ['map', 'string'], value: Object.fromEntries(fakeIds) },
    };
    const clientIds = clientIdsFromOutputs(outputs, [environment(name)]);
    const objects = synthesizeEnvironment(environment(name), { clientIds }).flatMap((c) => c.objects);

    const subjects = subjectsByIdentity(computes[name]);
    const clientIdOfSubject = new Map(
      [...outputIdentities(computes[name])].map(([key, identity]) => [
        subjects.get(identity),
        fakeIds.get(key),
      ]),
    );
    const accounts = serviceAccountsOf(objects);
    expect(accounts).toHaveLength(fakeIds.size);
    for (const account of accounts) {
      expect({ account: subjectOf(account), clientId: account.metadata.annotations?.[CLIENT_ID] }).toEqual({
        account: subjectOf(account),
        clientId: clientIdOfSubject.get(subjectOf(account)),
      });
    }
  });

  test('every pod runs as a trusted ServiceAccount and opts in to workload identity', () => {
    const trusted = new Set(subjectsByIdentity(computes[name]).values());
    const objects = offline[name];
    const withPods = objects.filter((o) =>
      ['StatefulSet', 'Deployment', 'DaemonSet', 'Job'].includes(o.kind),
    );
    expect(withPods.length).toBeGreaterThanOrEqual(environment(name).workloads.length);
    for (const object of withPods) {
      const template = (
        object.spec as { template: { metadata: KubeObject['metadata']; spec: Record<string, unknown> } }
      ).template;
      const subject = `system:serviceaccount:${object.metadata.namespace}:${template.spec.serviceAccountName}`;
      expect({ object: object.metadata.name, subject, trusted: trusted.has(subject) }).toEqual({
        object: object.metadata.name,
        subject,
        trusted: true,
      });
      expect(template.metadata.labels?.[USE]).toBe('true');
    }
  });
});
