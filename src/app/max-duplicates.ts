import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from "graphql";

/**
 * Refuses a selection that names the same thing more than `max` times: one field under one response
 * key (written out, or inside inline fragments, which are counted with their parent), or one fragment
 * spread. graphql-js merges such repeats into one execution, but validates each against every other
 * (OverlappingFieldsCanBeMerged is quadratic), so 500 repeats of one field cost the server and
 * answer nothing more. A real client names a field once or twice (a fragment and its parent).
 */
export function maxDuplicatesRule(max: number, message: string) {
  return (context: ValidationContext): ASTVisitor => {
    const count = (set: SelectionSetNode, seen: Map<string, number>): boolean => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.INLINE_FRAGMENT) {
          if (count(sel.selectionSet, seen)) return true;
          continue;
        }
        const key = sel.kind === Kind.FIELD ? (sel.alias ?? sel.name).value : `...${sel.name.value}`;
        const n = (seen.get(key) ?? 0) + 1;
        if (n > max) return true;
        seen.set(key, n);
      }
      return false;
    };
    return {
      SelectionSet(node, _key, parent) {
        // Inline fragments are counted as part of the selection that holds them.
        if (parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === Kind.INLINE_FRAGMENT) return;
        if (count(node, new Map())) context.reportError(new GraphQLError(message, { nodes: [node] }));
      },
    };
  };
}
