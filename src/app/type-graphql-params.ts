/**
 * type-graphql 2 works out a resolver's parameters on every call: it sorts the parameter list in
 * place, maps it to a new array and scans it for promises. On the 50-case list that sort alone was
 * a tenth of all the memory the server allocated per request (issue 16: allocation sampling), and
 * garbage collection is the largest single cost of a list. Here, a resolver whose parameters are
 * only @Root, @Ctx and @Info, the field resolvers of every list, gets its values straight from a
 * list sorted once, when its root is already an instance of the @Root's class (the rows are
 * entities; type-graphql would hand it over unchanged too); any other call (arguments, validation,
 * custom decorators, a root to convert) goes through type-graphql unchanged.
 *
 * type-graphql calls `getParams` through its module's exports object, which is what is replaced,
 * once per process, as src/app/graphql-args.ts does for graphql-js. Anything unexpected (another
 * major version, a changed module) leaves type-graphql as it is: the answer is the same, only slower.
 */
import path from "node:path";

interface ParamLike {
  index: number;
  kind: string;
  propertyName?: string;
  getType?: () => unknown;
}
interface ResolverDataLike {
  root: any;
  args: unknown;
  context: any;
  info: unknown;
}
type GetParams = (params: ParamLike[], data: ResolverDataLike, ...rest: unknown[]) => unknown[] | Promise<unknown[]>;

/** Per parameter list: its simple parameters in index order, or null when any needs type-graphql. */
const plans = new WeakMap<ParamLike[], ParamLike[] | null>();
const simple = (p: ParamLike) => p.kind === "context" || p.kind === "info" || p.kind === "root";

let applied = false;

export function fastResolverParams(): boolean {
  if (applied) return true;
  try {
    const main = require.resolve("type-graphql");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require(path.join(path.dirname(main), "..", "..", "package.json")) as { version: string };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const helpers = require(path.join(path.dirname(main), "resolvers", "helpers.js")) as { getParams: GetParams };
    const original = helpers.getParams;
    if (!version.startsWith("2.") || typeof original !== "function") return false;
    const fast: GetParams = (params, data, ...rest) => {
      let plan = plans.get(params);
      if (plan === undefined) {
        plan = params.every(simple) ? [...params].sort((a, b) => a.index - b.index) : null;
        plans.set(params, plan);
      }
      if (plan === null) return original(params, data, ...rest);
      const values = new Array<unknown>(plan.length);
      for (let i = 0; i < plan.length; i++) {
        const p = plan[i]!;
        if (p.kind === "context") values[i] = p.propertyName ? data.context[p.propertyName] : data.context;
        else if (p.kind === "root") {
          const value = p.propertyName ? data.root[p.propertyName] : data.root;
          // A typed @Root is converted to its class unless it is one already (the rows are entities).
          const type = p.getType?.();
          if (type !== undefined && value != null && !(typeof type === "function" && value instanceof type)) return original(params, data, ...rest);
          values[i] = value;
        } else values[i] = data.info;
      }
      return values;
    };
    helpers.getParams = fast;
    applied = helpers.getParams === fast;
  } catch {
    applied = false;
  }
  return applied;
}
