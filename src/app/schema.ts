import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { buildSchemaSync, getMetadataStorage } from "type-graphql";
import { applyPermissions } from "../auth/permissions";
import { shareEmptyArguments } from "./graphql-args";
import { fastResolverParams } from "./type-graphql-params";
import { resolvers } from "./resolvers";

let base: GraphQLSchema | undefined;

const noTopics = {
  publish: () => {
    throw new Error("subscriptions use LISTEN/NOTIFY, not type-graphql topics");
  },
  subscribe: () => {
    throw new Error("subscriptions use LISTEN/NOTIFY, not type-graphql topics");
  },
};

/** The schema as the type-graphql classes declare it, before access control. */
export function createBaseSchema(): GraphQLSchema {
  // Plain @Field properties are read by graphql-js's default resolver. Otherwise type-graphql wraps
  // each in a resolver of its own (for field middlewares, which this project does not use): a call
  // and an allocation on every field of every row, measured on the 50-case list (issue 7).
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  // No arguments object per field that takes none (src/app/graphql-args.ts).
  shareEmptyArguments();
  // No sort and scan of a resolver's parameters on every call (src/app/type-graphql-params.ts).
  fastResolverParams();
  base ??= buildSchemaSync({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // Subscriptions bring their own `subscribe` (LISTEN/NOTIFY, src/modules/live-updates); type-graphql
    // still asks for a PubSub, which no topic ever uses.
    pubSub: noTopics,
    // class-validator on every input (off by default in type-graphql 2)
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
  return base;
}

/** The schema the server runs: the base schema with the permissions applied. */
export function createSchema(): GraphQLSchema {
  return applyPermissions(createBaseSchema());
}

/** The text of schema/schema.graphql: sorted, so the file changes only when the contract does. */
export function printContract(schema: GraphQLSchema = createBaseSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
