/**
 * graphql-js 16 builds an arguments object for every field it resolves, allocating two
 * dictionary-mode objects (`Object.create(null)`) even when the field takes no arguments. On the
 * 50-case list (about 2,150 fields per request) that was a fifth of all the memory the server
 * allocated per request, and garbage collection is the largest single cost of a list (issue 7,
 * BENCHMARKS.md). Here, a field that declares no arguments, called with none, gets one shared,
 * frozen, empty object instead; every other field goes through graphql-js unchanged.
 *
 * graphql-js's executor calls `getArgumentValues` through its module's exports object, which is
 * what is replaced, once per process. Anything unexpected (another major version, a changed module)
 * leaves graphql-js as it is: the answer is the same, only slower.
 */
const EMPTY_ARGS: Record<string, unknown> = Object.freeze(Object.create(null));

interface FieldDefLike {
  args: readonly unknown[];
}
interface FieldNodeLike {
  arguments?: readonly unknown[];
}
type GetArgumentValues = (def: FieldDefLike, node: FieldNodeLike, variables?: unknown) => Record<string, unknown>;

let applied = false;

export function shareEmptyArguments(): boolean {
  if (applied) return true;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require("graphql/version") as { version: string };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const values = require("graphql/execution/values") as { getArgumentValues: GetArgumentValues };
    const original = values.getArgumentValues;
    if (!version.startsWith("16.") || typeof original !== "function") return false;
    const shared: GetArgumentValues = (def, node, variables) =>
      def.args.length === 0 && (!node.arguments || node.arguments.length === 0) ? EMPTY_ARGS : original(def, node, variables);
    values.getArgumentValues = shared;
    applied = values.getArgumentValues === shared;
  } catch {
    applied = false;
  }
  return applied;
}
