import fs from "node:fs";
import path from "node:path";
import { buildSchema as buildSdl, execute, parse } from "graphql";
import { mapSchema, MapperKind } from "@graphql-tools/utils";
import { allow } from "graphql-shield";
import { createBaseSchema, printContract } from "../../src/app/schema";
import { applyPermissions, rules } from "../../src/auth/permissions";
import { fieldsWithoutRule } from "../../src/auth/rule-coverage";

describe("the published contract", () => {
  it("schema/schema.graphql is what the code emits (run `npm run schema:emit` after changing the schema)", () => {
    const committed = fs.readFileSync(path.join(__dirname, "..", "..", "schema", "schema.graphql"), "utf8");
    expect(printContract()).toBe(committed);
  });

  it("keeps the names API.md publishes", () => {
    const sdl = printContract();
    for (const name of ["type Partnership", "type ThresholdPolicy", "type Agency", "type StaffUser", "type CaseReview", "enum CaseReviewStatus", "enum Role", "enum AgencyKind"]) {
      expect(sdl).toContain(name);
    }
  });
});

describe("deny by default", () => {
  it("every field and operation of the schema has a rule in the permissions module", () => {
    expect(fieldsWithoutRule(createBaseSchema(), rules)).toEqual([]);
  });

  it("the walk fails for a field added without a rule (proved on a throw-away schema)", () => {
    const extended = buildSdl(`${printContract()}\nextend type Query { everything: [CaseReview] }`);
    expect(fieldsWithoutRule(extended, rules)).toEqual(["Query.everything"]);
    const typed = buildSdl(`${printContract()}\ntype Leak { data: String }\nextend type Query { leak: Leak }`);
    expect(fieldsWithoutRule(typed, rules)).toEqual(expect.arrayContaining(["Query.leak", "Leak.data"]));
  });

  it("a field without a rule is refused at run time (fallbackRule deny)", async () => {
    const schema = buildSdl(`type Query { open: String, closed: String }`);
    const guarded = applyPermissions(
      mapSchema(schema, {
        [MapperKind.OBJECT_FIELD]: field => ({ ...field, resolve: () => "value" }),
      }),
      { Query: { open: allow } } as never,
    );
    const result = await execute({ schema: guarded, document: parse("{ open closed }"), contextValue: {} });
    expect(result.data).toEqual({ open: "value", closed: null });
    expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
