import { isIntrospectionType, isObjectType, type GraphQLSchema } from "graphql";

/**
 * Fields of the schema that no rule names: not their own, not their type's wildcard or type rule.
 * Operations (Query, Mutation, Subscription) must each have a rule of their own. With
 * `fallbackRule: deny` such a field is refused at run time, but a field without a written rule is
 * a decision nobody made, so the test suite fails on it.
 */
export function fieldsWithoutRule(schema: GraphQLSchema, tree: Record<string, unknown>): string[] {
  const missing: string[] = [];
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const forType = tree[type.name];
    for (const field of Object.keys(type.getFields())) {
      if (forType === undefined) {
        missing.push(`${type.name}.${field}`);
      } else if (typeof forType === "object" && forType !== null && !("resolve" in forType)) {
        const map = forType as Record<string, unknown>;
        const own = map[field];
        if (own === undefined && (roots.has(type.name) || map["*"] === undefined)) missing.push(`${type.name}.${field}`);
      } else if (roots.has(type.name)) {
        missing.push(`${type.name}.${field}`); // one rule for every operation is not a decision per operation
      }
    }
  }
  return missing;
}
