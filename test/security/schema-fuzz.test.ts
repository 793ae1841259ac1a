import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from "graphql";
import { createBaseSchema } from "../../src/app/schema";
import { startHarness, U, type Harness } from "../helpers/harness";
import { playCase } from "../access/story";

/**
 * A schema-driven fuzz of every query and every mutation: random, boundary and hostile values (NUL
 * characters, malformed ids, explicit nulls) for every argument, sent as variables by several
 * callers. No answer may be a 500 or an internal error, none may leak a stack trace or SQL, and a
 * refused mutation must leave the database unchanged.
 */

// A small deterministic generator, so a failure can be replayed.
let seed = 20261124;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const NUL = "\u0000";
const STRINGS = ["", " ", "x", NUL, `ASB-2026-${NUL}000001`, `a${NUL}b`, "KENT-MAIDSTONE", "'; DROP TABLE case_review; --", "\" OR 1=1 --", "$1", "\\u0000", "😀 ünïcödé", "<script>alert(1)</script>", "a".repeat(5001), "a".repeat(100_000).slice(0, 20_000)];
const BAD_IDS = ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "' OR '1'='1", "1", NUL, `00000000-0000-0000-0000-00000000000${NUL}`, "KENT-MAIDSTONE", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"];
/** Real ids of every kind (filled in beforeAll), so calls also reach the services, not only validation. */
const REAL_IDS: string[] = [];
const INTS = [-1, 0, 1, 3, 4, 2147483647, -2147483648];
const DATES = ["2026-02-30", "1900-01-01", "2999-12-31", "yesterday", "", "2026-11-24"];
const DATETIMES = ["2026-11-24T10:00:00Z", "not a time", "", "2999-01-01T00:00:00Z"];

function valueFor(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, depth);
  // Explicit nulls, more often for a whole nullable input object (`filter: null`).
  if (rand() < (isInputObjectType(type) ? 0.15 : 0.04)) return null;
  if (isListType(type)) return Array.from({ length: pick([0, 1, 2, 60]) }, () => valueFor(type.ofType, depth + 1));
  const named = getNamedType(type);
  if (isEnumType(named)) return rand() < 0.85 ? pick(named.getValues()).value : "NOT_A_VALUE";
  if (isInputObjectType(named)) {
    if (depth > 4) return {};
    return Object.fromEntries(Object.values(named.getFields()).map(f => [f.name, valueFor(f.type, depth + 1)]));
  }
  if (isScalarType(named)) {
    switch (named.name) {
      case "ID":
        return rand() < 0.7 && REAL_IDS.length ? pick(REAL_IDS) : pick(BAD_IDS);
      case "Int":
        return pick(INTS);
      case "Float":
        return pick([0, -1.5, 1e308]);
      case "Boolean":
        return rand() < 0.5;
      case "Date":
        return rand() < 0.1 ? `2026-01-0${NUL}` : pick(DATES);
      case "DateTimeISO":
      case "DateTime":
        return pick(DATETIMES);
      default:
        return pick(STRINGS);
    }
  }
  return null;
}

const typeText = (t: GraphQLInputType): string => t.toString();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await playCase(h, "panelHeld");
  await playCase(h, "submitted");
  const rows: Array<{ id: string }> = await h.ds.query(`
    SELECT id::text FROM case_review UNION ALL SELECT id::text FROM incident UNION ALL SELECT id::text FROM information_request
    UNION ALL SELECT id::text FROM recommendation UNION ALL SELECT id::text FROM panel_meeting UNION ALL SELECT id::text FROM staff_user
    UNION ALL SELECT id::text FROM agency UNION ALL SELECT id::text FROM partnership UNION ALL SELECT id::text FROM letter`);
  REAL_IDS.push(...rows.map(r => r.id));
}, 60000);
afterAll(() => h.close());

// rate_limit is left out: a refused public call still spends its address's budget, by design.
async function tableCounts(): Promise<Record<string, number>> {
  const tables: Array<{ table_name: string }> = await h.ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('typeorm_migrations', 'audit_entry', 'rate_limit') ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) counts[table_name] = Number((await h.ds.query(`SELECT count(*) FROM "${table_name}"`))[0].count);
  return counts;
}

const NULL_CALLERS = [null, U.cspMaidstone, U.chair, U.police, U.reviewer];

async function fuzz(kind: "query" | "mutation", rounds: number) {
  const schema = createBaseSchema();
  const root = kind === "mutation" ? schema.getMutationType() : schema.getQueryType();
  const fields = root ? Object.values(root.getFields()) : [];
  const callers = [null, U.cspMaidstone, U.cspMaidstone, U.police, U.housingGolding, U.chair, U.reviewer, U.analyst];
  let tried = 0;
  let reachedResolvers = 0;
  const problems: string[] = [];
  for (const m of fields) {
    const vars = (args: readonly GraphQLArgument[]) => Object.fromEntries(args.map(a => [a.name, valueFor(a.type)]));
    const header = m.args.length ? `(${m.args.map(a => `$${a.name}: ${typeText(a.type)}`).join(", ")})` : "";
    const call = m.args.length ? `(${m.args.map(a => `${a.name}: $${a.name}`).join(", ")})` : "";
    const named = getNamedType(m.type);
    const selection = isScalarType(named) || isEnumType(named) ? "" : "{ __typename }";
    const query = `${kind} Fuzz${header} { ${m.name}${call} ${selection} }`;
    // Random rounds, then each nullable argument explicitly null (`filter: null`) for one caller of each kind.
    const explicitNulls = m.args.filter(a => !isNonNullType(a.type)).flatMap(a => NULL_CALLERS.map(as => ({ as, nulled: a.name })));
    for (let round = 0; round < rounds + explicitNulls.length; round++) {
      const extra = explicitNulls[round - rounds];
      const as = extra ? extra.as : pick(callers);
      const before = kind === "mutation" ? await tableCounts() : null;
      const res = await h.gql(as, query, extra ? { ...vars(m.args), [extra.nulled]: null } : vars(m.args));
      tried++;
      const text = JSON.stringify(res);
      if (res.status >= 500 && res.errors?.[0]?.extensions?.code !== "SERVICE_UNAVAILABLE") problems.push(`${m.name} as ${as}: HTTP ${res.status} ${text.slice(0, 300)}`);
      if (res.errors?.some(e => e.extensions?.code === "INTERNAL_SERVER_ERROR")) problems.push(`${m.name} as ${as}: internal error ${text.slice(0, 300)}`);
      if (/stacktrace|\.ts:\d+|at async|QueryFailedError|SELECT |INSERT INTO|violates/i.test(text)) problems.push(`${m.name} as ${as}: leaks ${text.slice(0, 300)}`);
      if (!res.errors?.some(e => ["GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"].includes(e.extensions?.code) && !e.path)) reachedResolvers++;
      const refused = !res.data || res.data[m.name] === null || res.data[m.name] === undefined;
      if (before && refused) {
        const after = await tableCounts();
        if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${m.name} as ${as}: refused but changed ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      }
    }
  }
  console.log(`${kind} fuzz: ${fields.length} fields, ${tried} requests, ${reachedResolvers} past variable coercion`);
  // The fuzz must have exercised something: fields to call, and calls that reached the resolvers.
  expect(fields.length).toBeGreaterThan(10);
  expect(reachedResolvers).toBeGreaterThan(0);
  return problems;
}

describe("schema-driven fuzz", () => {
  it("of every query never answers 500 or an internal error, and never leaks internals", async () => {
    expect(await fuzz("query", 30)).toEqual([]);
  }, 300000);

  it("of every mutation never answers 500, never leaks internals, and refused calls change nothing", async () => {
    expect(await fuzz("mutation", 20)).toEqual([]);
  }, 300000);
});
