import "../runtime";
import fs from "node:fs";
import path from "node:path";
import { printContract } from "./schema";

// Writes schema/schema.graphql, the contract partners code against.
const file = path.resolve(__dirname, "..", "..", "..", "schema", "schema.graphql");
fs.writeFileSync(file, printContract());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
