import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { isIsoDate } from "../calendar/dates";

const invalid = (what: unknown) =>
  new GraphQLError(`Date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(what)}`, {
    extensions: { code: "BAD_USER_INPUT" },
  });

/** A calendar date (UK law counts days, not instants), exchanged as "YYYY-MM-DD". */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar date in ISO 8601 form, YYYY-MM-DD (a UK date, Europe/London)",
  serialize(value) {
    if (typeof value === "string" && isIsoDate(value)) return value;
    throw invalid(value);
  },
  parseValue(value) {
    if (typeof value === "string" && isIsoDate(value)) return value;
    throw invalid(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && isIsoDate(ast.value)) return ast.value;
    throw invalid(ast.kind === Kind.STRING ? ast.value : ast.kind);
  },
});
