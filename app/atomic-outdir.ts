import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Runs `write(staging)` and, only when it succeeds, puts the staging folder in place of `outdir`.
 * A failed synth (config error, policy error, bug) therefore leaves the previous `cdktf.out/` as it was.
 */
export function writeAtomically(outdir: string, write: (staging: string) => void): void {
  const staging = `${outdir}.staging-${process.pid}`;
  // CDKTF_OUTDIR may name a folder whose parent does not exist yet (a fresh build directory).
  mkdirSync(dirname(outdir), { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  try {
    write(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const previous = `${outdir}.previous-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, previous);
  renameSync(staging, outdir);
  rmSync(previous, { recursive: true, force: true });
}
