/**
 * cdktf captures a complete stack trace (with no depth limit) for every token it creates, only to show it if
 * resolving that token fails later. A full synth creates tens of thousands of tokens, and formatting their traces
 * is about 15% of its time. While `run` executes, traces of non-errors (what cdktf captures into a plain object)
 * are not formatted; real errors keep theirs. `LAKEHOUSE_TOKEN_TRACES=1` keeps every trace, for debugging a
 * token that does not resolve.
 */
export function withoutTokenTraces<T>(run: () => T): T {
  if (process.env.LAKEHOUSE_TOKEN_TRACES === '1') return run();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target, frames) => {
    if (!(target instanceof Error)) return '';
    if (previous) return previous(target, frames);
    return `${target}${frames.map((frame) => `\n    at ${frame}`).join('')}`;
  };
  try {
    return run();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
