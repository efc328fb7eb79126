import { baselinePack } from './baseline';
import { kubernetesPack } from './kubernetes';
import { prodPack } from './prod';

/** The packs applied to every stack at synth (`app/build-app.ts`), in report order. */
export const TERRAFORM_PACKS = [baselinePack, prodPack] as const;
export const MANIFEST_PACKS = [kubernetesPack] as const;

/** Every rule id of every pack: a suppression must name one of them. */
export const RULE_IDS: ReadonlySet<string> = new Set(
  [...TERRAFORM_PACKS, ...MANIFEST_PACKS].flatMap((pack) => pack.rules.map((rule) => rule.id)),
);

/** Every pack, for the report's list of rules. */
export const ALL_PACKS = [...TERRAFORM_PACKS, ...MANIFEST_PACKS];
