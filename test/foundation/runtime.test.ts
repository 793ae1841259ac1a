import fs from "node:fs";
import path from "node:path";
import { NODE_NEEDED, nodeVersionProblem } from "../../src/runtime";

describe("the supported Node.js", () => {
  it("refuses Node 20 naming the version found and the one needed", () => {
    expect(nodeVersionProblem("20.20.2")).toBe(
      `This is Node.js 20.20.2; asb-case-review needs Node.js ${NODE_NEEDED} or later (Node 24 LTS recommended). Install Node 24 and run the command again.`,
    );
    expect(nodeVersionProblem("22.12.0")).toContain("22.12.0");
  });

  it("accepts 22.13 and later", () => {
    expect(nodeVersionProblem("22.13.0")).toBeNull();
    expect(nodeVersionProblem("24.22.3")).toBeNull();
    expect(nodeVersionProblem("25.0.0")).toBeNull();
  });

  it("runs the tests themselves on a supported Node", () => {
    expect(nodeVersionProblem()).toBeNull();
  });

  it("asks for it in package.json and checks it first in every entry point", () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8"));
    expect(pkg.engines.node).toBe(`>=${NODE_NEEDED}`);
    const entries = ["src/main.ts", "src/auth/token-cli.ts", "src/modules/audit/verify-cli.ts", "src/app/emit-schema.ts", "src/admin/admin-cli.ts"];
    for (const file of entries) {
      const first = fs.readFileSync(path.resolve(__dirname, "../..", file), "utf8").split("\n")[0];
      expect([file, first]).toEqual([file, expect.stringMatching(/^import "(\.\.\/)*(\.\/)?runtime";$/)]);
    }
  });
});
