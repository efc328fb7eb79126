/** The `jmespath` package (the JMESPath reference implementation) ships no types; the tests use `search` only. */
declare module 'jmespath' {
  export function search(data: unknown, expression: string): unknown;
}
