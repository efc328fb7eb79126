import type { Attributes } from '../../policies/rule';
import type { ResourceChange } from '../../review/model';
import type { Snapshot, SnapshotResource, StackSnapshot } from '../../review/snapshot';

/** A synthetic change of one resource in `dev-data` (override what the test is about). */
export function change(
  partial: Partial<ResourceChange> & Pick<ResourceChange, 'type' | 'action'>,
): ResourceChange {
  return {
    stack: 'dev-data',
    environment: 'dev',
    layer: 'data',
    address: `${partial.type}.x`,
    path: `dev-data/${partial.type}`,
    reasons: [],
    ...partial,
  };
}

/** A synthetic stack: resources by address, with construct paths `<stack>/<logical id>`. */
export function stack(
  name: string,
  resources: Readonly<Record<string, Attributes>>,
  extra: { outputs?: Record<string, unknown>; moved?: { from: string; to: string }[] } = {},
): StackSnapshot {
  const map = new Map<string, SnapshotResource>();
  for (const [address, attrs] of Object.entries(resources)) {
    const [type, logical] = address.split('.');
    const path = `${name}/${logical}`;
    map.set(address, {
      type,
      name: logical,
      address,
      path,
      attrs: { '//': { metadata: { path } }, ...attrs },
    });
  }
  return { name, resources: map, moved: extra.moved ?? [], outputs: extra.outputs ?? {} };
}

export function snapshot(label: string, ...stacks: StackSnapshot[]): Snapshot {
  return { label, stacks: new Map(stacks.map((s) => [s.name, s])), manifests: new Map() };
}

/** A Terraform interpolation as cdktf writes it. */
export const ref = (expression: string) => `\${${expression}}`;
