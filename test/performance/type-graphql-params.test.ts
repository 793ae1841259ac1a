import "reflect-metadata";
import { graphql } from "graphql";
import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root, buildSchemaSync } from "type-graphql";
import { fastResolverParams } from "../../src/app/type-graphql-params";

@ObjectType()
class Thing {
  @Field()
  name!: string;
}

const seen: unknown[] = [];

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => [Thing])
  things(@Arg("n", () => Int) n: number): Thing[] {
    return Array.from({ length: n }, (_, i) => Object.assign(new Thing(), { name: `t${i}` }));
  }

  @Query(() => Thing)
  plain(): Thing {
    // not an instance of Thing: type-graphql converts it, as before
    return { name: "plain" } as Thing;
  }

  @FieldResolver(() => String)
  label(@Ctx() ctx: { prefix: string }, @Root() thing: Thing): string {
    seen.push(thing);
    return `${ctx.prefix}${thing.name}`;
  }
}

describe("a resolver's parameters without a sort per call (issue 16)", () => {
  it("applies to type-graphql 2, and @Root, @Ctx and @Arg still arrive in order", async () => {
    expect(fastResolverParams()).toBe(true);
    const schema = buildSchemaSync({ resolvers: [ThingResolver], validate: false });
    const res = await graphql({ schema, source: `{ things(n: 2) { label } plain { label } }`, contextValue: { prefix: "#" } });
    expect(res).toEqual({ data: { things: [{ label: "#t0" }, { label: "#t1" }], plain: { label: "#plain" } } });
    expect(seen.every(t => t instanceof Thing)).toBe(true);
  });
});
