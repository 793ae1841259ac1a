import type { GraphQLResolveInfo, SelectionSetNode } from "graphql";

const answers = new WeakMap<object, Map<ReadonlySet<string>, boolean>>();

/**
 * Whether the field being resolved asks for nothing but `allowed` fields of its objects (fragments
 * followed; a directive anywhere answers false), so a resolver may load only the columns those need.
 * The answer is kept per field node of the parsed operation, which the server parses once and reuses:
 * a list's 50 calls cost one walk.
 */
export function selectsOnly(info: GraphQLResolveInfo, allowed: ReadonlySet<string>): boolean {
  const first = info.fieldNodes[0];
  if (!first) return false;
  let byAllowed = answers.get(first);
  if (!byAllowed) answers.set(first, (byAllowed = new Map()));
  let answer = byAllowed.get(allowed);
  if (answer === undefined) {
    answer = info.fieldNodes.every(node => !node.directives?.length && !!node.selectionSet && within(node.selectionSet, info, allowed, new Set()));
    // Only operations the server keeps parsed (same field node) are cached; others answer again.
    if (info.fieldNodes.length === 1) byAllowed.set(allowed, answer);
  }
  return answer;
}

function within(set: SelectionSetNode, info: GraphQLResolveInfo, allowed: ReadonlySet<string>, seen: Set<string>): boolean {
  for (const s of set.selections) {
    if (s.directives?.length) return false;
    if (s.kind === "Field") {
      if (!allowed.has(s.name.value)) return false;
    } else if (s.kind === "InlineFragment") {
      if (!within(s.selectionSet, info, allowed, seen)) return false;
    } else {
      const fragment = info.fragments[s.name.value];
      if (!fragment || fragment.directives?.length) return false;
      if (seen.has(s.name.value)) continue;
      seen.add(s.name.value);
      if (!within(fragment.selectionSet, info, allowed, seen)) return false;
    }
  }
  return true;
}
