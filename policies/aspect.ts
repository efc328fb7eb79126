import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Aspects,
  type IAspect,
  type IStackSynthesizer,
  type ISynthesisSession,
  TerraformOutput,
  TerraformStack,
} from 'cdktf';
import type { IConstruct } from 'constructs';
import type { EnvironmentConfig } from '../environments/schema';
import { type DeclaredSuppression, evaluateStack, type SynthesizedStack } from './evaluate';
import { TERRAFORM_PACKS } from './packs';
import type { TerraformPack } from './packs/pack';
import type { PolicyReport } from './report';
import { suppressionsOn } from './suppressions';

export interface PolicyAspectProps {
  readonly config: EnvironmentConfig;
  /** Where the stack's findings go; `main.ts` ends the synth on its errors and writes it to `cdktf.out/`. */
  readonly report: PolicyReport;
  /** @default TERRAFORM_PACKS (baseline and prod) */
  readonly packs?: readonly TerraformPack[];
}

/**
 * Applies the policy packs to one stack, cdk-nag style.
 *
 * As an aspect it is added last (after the tags aspect and any aspect a layer adds in its constructor), so cdktf
 * visits every construct with it after the others: it collects the suppressions declared on constructs and the
 * construct paths of the outputs. The rules then run on the stack's synthesized JSON, right after cdktf wrote
 * it: that is exactly what Terraform gets, cross-stack references included, and it costs a JSON parse instead
 * of a second serialization of the stack (the expensive part of a synth).
 */
export class PolicyAspect implements IAspect {
  private readonly suppressions = new Map<string, DeclaredSuppression>();
  private readonly outputPaths = new Map<string, string>();

  constructor(
    private readonly stack: TerraformStack,
    private readonly props: PolicyAspectProps,
  ) {}

  visit(node: IConstruct): void {
    for (const s of suppressionsOn(node)) {
      this.suppressions.set(`${node.node.path}\0${s.rule}`, { ...s, path: node.node.path });
    }
    if (node instanceof TerraformOutput) this.outputPaths.set(node.friendlyUniqueId, node.node.path);
  }

  /** Runs the packs over the stack's synthesized JSON and records the result in the report. */
  check(json: SynthesizedStack): void {
    const stack = this.stack.node.id;
    this.props.report.add(
      stack,
      evaluateStack(json, {
        stack,
        config: this.props.config,
        packs: this.props.packs ?? TERRAFORM_PACKS,
        suppressions: [...this.suppressions.values()],
        outputPaths: this.outputPaths,
      }),
    );
  }
}

/** Synthesizes the stack as before, then hands what was written to the policy aspect. */
class PolicyCheckingSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly inner: IStackSynthesizer,
    private readonly stack: TerraformStack,
    private readonly aspect: PolicyAspect,
  ) {}

  synthesize(session: ISynthesisSession): void {
    this.inner.synthesize(session);
    const written = join(session.outdir, session.manifest.forStack(this.stack).synthesizedStackPath);
    this.aspect.check(
      written.endsWith('.json')
        ? (JSON.parse(readFileSync(written, 'utf8')) as SynthesizedStack)
        : (this.stack.toTerraform() as SynthesizedStack), // HCL output: serialize once more
    );
  }
}

/** Adds the policy aspect to a stack (call it after the stack is built, so it runs after the other aspects). */
export function applyPolicies(stack: TerraformStack, props: PolicyAspectProps): PolicyAspect {
  const aspect = new PolicyAspect(stack, props);
  Aspects.of(stack).add(aspect);
  stack.synthesizer = new PolicyCheckingSynthesizer(stack.synthesizer, stack, aspect);
  return aspect;
}

/** Applies the packs to every stack of an environment. */
export function applyPoliciesToStacks(stacks: object, props: PolicyAspectProps): void {
  for (const stack of Object.values(stacks)) {
    if (stack instanceof TerraformStack) applyPolicies(stack, props);
  }
}
