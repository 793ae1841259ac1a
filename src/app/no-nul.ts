import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from "graphql";

/**
 * PostgreSQL text cannot hold a NUL character (U+0000): a string carrying one fails in the driver,
 * deep in a resolver, as an internal error. Every string an operation's arguments carry, written in
 * the document or sent as variables, is checked before anything runs, and the first found is refused
 * with BAD_USER_INPUT naming the argument (and the path inside it).
 */
export function assertNoNulCharacters(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  let found: string | null = null;
  const inValue = (value: unknown, path: string): string | null => {
    if (typeof value === "string") return value.includes("\u0000") ? path : null;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const p = inValue(value[i], `${path}[${i}]`);
        if (p) return p;
      }
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        const p = inValue(v, `${path}.${k}`);
        if (p) return p;
      }
    }
    return null;
  };
  const inNode = (node: ValueNode, path: string): string | null => {
    switch (node.kind) {
      case Kind.STRING:
        return node.value.includes("\u0000") ? path : null;
      case Kind.VARIABLE:
        return inValue(variables?.[node.name.value], path);
      case Kind.LIST:
        for (let i = 0; i < node.values.length; i++) {
          const p = inNode(node.values[i]!, `${path}[${i}]`);
          if (p) return p;
        }
        return null;
      case Kind.OBJECT:
        for (const f of node.fields) {
          const p = inNode(f.value, `${path}.${f.name.value}`);
          if (p) return p;
        }
        return null;
      default:
        return null;
    }
  };
  visit(document, {
    Argument(node) {
      if (found) return false;
      found = inNode(node.value, node.name.value);
      return false;
    },
  });
  if (found) {
    throw new GraphQLError(`${found}: must not contain a NUL character`, {
      // Refused before execution: a client error (400), not the 500 Apollo gives a hook's error by default.
      extensions: { code: "BAD_USER_INPUT", fields: [{ field: found, message: "must not contain a NUL character" }], http: { status: 400 } },
    });
  }
}
