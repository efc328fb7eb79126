import { type ConfigRule, GUID } from './rule';

/**
 * `deployers`: the principal ids the bootstrap grants the deploy roles to. Object ids, one per identity: the
 * same identity as apply and plan would give the read-only plan connection the apply identity's rights.
 */
export const deployersRule: ConfigRule = (config, p) => {
  const deployers = config.deployers;
  if (deployers === undefined) return;
  if (!p.object('deployers', deployers, ['apply'], ['plan'])) return;
  const ids: string[] = [];
  for (const role of ['apply', 'plan'] as const) {
    const identity = deployers[role];
    if (identity === undefined) continue;
    const path = `deployers.${role}`;
    if (!p.object(path, identity, ['principalId'])) continue;
    if (
      p.string(
        `${path}.principalId`,
        identity.principalId,
        GUID,
        "use the object id (GUID) of the service connection's service principal (Enterprise applications → Object ID), not its client id",
      )
    )
      ids.push(identity.principalId.toLowerCase());
  }
  if (ids.length === 2 && ids[0] === ids[1])
    p.add(
      'deployers.plan.principalId',
      deployers.plan?.principalId,
      'the plan identity is the apply identity; the read-only plan connection would then hold the apply rights',
      'give lakehouse-<env>-plan its own identity, or leave deployers.plan out',
    );
};
