import { buildSchema, graphql } from "graphql";
import { shareEmptyArguments } from "../../src/app/graphql-args";

describe("one shared empty arguments object for fields without arguments (issue 7)", () => {
  it("applies to graphql-js 16, and arguments still arrive where fields declare them", async () => {
    expect(shareEmptyArguments()).toBe(true);
    const schema = buildSchema(`type Query { plain: String, withArgs(n: Int!, word: String = "x"): String, other: String }`);
    const seen: Array<Record<string, unknown>> = [];
    const rootValue = {
      plain: (args: Record<string, unknown>) => (seen.push(args), "p"),
      other: (args: Record<string, unknown>) => (seen.push(args), "o"),
      withArgs: (args: Record<string, unknown>) => `${args.n}-${args.word}`,
    };
    const res = await graphql({ schema, rootValue, source: `query($n: Int!) { plain withArgs(n: $n) other }`, variableValues: { n: 7 } });
    expect(res).toEqual({ data: { plain: "p", withArgs: "7-x", other: "o" } });
    expect(seen[0]).toEqual({});
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(seen[1]).toBe(seen[0]); // shared, not one per field
  });

  it("still refuses a missing required argument", async () => {
    const schema = buildSchema(`type Query { withArgs(n: Int!): String }`);
    const res = await graphql({ schema, source: `{ withArgs }` });
    expect(res.errors?.[0]?.message).toMatch(/argument "n" of type "Int!" is required/i);
  });
});
