import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

describe("the pages' typed operations", () => {
  it("src/web/graphql/generated.ts is what GraphQL Code Generator makes of the schema and the .graphql files (run `npm run codegen`)", () => {
    // In a plain node process: the generator loads ES modules that jest's module system cannot.
    const script = `const config = require("./src/web/graphql/codegen.json");
      require("@graphql-codegen/cli").generate({ ...config, silent: true }, false).then(([o]) => process.stdout.write(o.content));`;
    const generated = execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", maxBuffer: 10 * 1024 * 1024 });
    expect(generated).toBe(fs.readFileSync(path.join(ROOT, "src/web/graphql/generated.ts"), "utf8"));
  }, 60_000);
});
