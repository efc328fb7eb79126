// Test files synthesize stacks too: skip cdktf's token stack traces as the synth entry point does
// (app/token-traces.ts). Real errors, jest's assertion errors included, keep their traces. Each test file runs
// in its own context, with its own `Error`, so nothing leaks between files.
import { skipTokenTraces } from '../../app/token-traces';

skipTokenTraces();
