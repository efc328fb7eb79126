/**
 * cdktf captures a complete stack trace (with no depth limit) for every token it creates, only to show it if
 * resolving that token fails later. A full synth creates tens of thousands of tokens, and walking the deep stacks
 * of a construct tree for each is about a fifth of its time. While skipped, stack traces are captured for real
 * errors only (cdktf and constructs capture theirs into plain objects, which then carry none); every Error keeps
 * its trace. `LAKEHOUSE_TOKEN_TRACES=1` keeps them all, for debugging a token that does not resolve.
 */
export function skipTokenTraces(): () => void {
  const capture = Error.captureStackTrace;
  if (process.env.LAKEHOUSE_TOKEN_TRACES === '1') return () => {};
  Error.captureStackTrace = (target, constructorOpt) => {
    if (target instanceof Error) capture(target, constructorOpt);
  };
  return () => {
    Error.captureStackTrace = capture;
  };
}

/** Runs `run` with token traces skipped, then puts Node's behaviour back. */
export function withoutTokenTraces<T>(run: () => T): T {
  const restore = skipTokenTraces();
  try {
    return run();
  } finally {
    restore();
  }
}
