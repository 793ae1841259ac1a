import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * .ci/build.js (npm run build, before npm start and the other commands) on a small project of
 * the same shape: it compiles only what changed, never wipes dist/, and leaves no compiled module
 * behind whose source is gone (the migrations glob would load it).
 */
const ROOT = path.resolve(__dirname, "..", "..");
let project: string;

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
};
const exists = (file: string) => fs.existsSync(path.join(project, file));
const mtime = (file: string) => fs.statSync(path.join(project, file)).mtimeMs;
const build = () => {
  const res = spawnSync(process.execPath, [path.join(project, ".ci", "build.js")], { cwd: project, encoding: "utf8" });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
};
const built = () => {
  const res = build();
  expect(res).toEqual({ status: 0, output: "" });
};

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "asb-build-"));
  fs.mkdirSync(path.join(project, ".ci"));
  fs.copyFileSync(path.join(ROOT, ".ci", "build.js"), path.join(project, ".ci", "build.js"));
  fs.mkdirSync(path.join(project, "node_modules"));
  fs.symlinkSync(path.join(ROOT, "node_modules", "typescript"), path.join(project, "node_modules", "typescript"), "dir");
  write("tsconfig.json", JSON.stringify({ compilerOptions: { target: "es2022", module: "node20", moduleResolution: "node16", rootDir: ".", outDir: "dist", strict: true, sourceMap: true, types: [] } }));
  // The project's own build configuration, as it is.
  fs.copyFileSync(path.join(ROOT, "tsconfig.build.json"), path.join(project, "tsconfig.build.json"));
  write("src/main.ts", `import { greeting } from "./greeting";\nconsole.log(greeting("you"));\n`);
  write("src/greeting.ts", `export const greeting = (who: string): string => "Hello " + who;\n`);
  write("src/other.ts", `export const other = 1;\n`);
  write("migrations/1700000000000-First.ts", `export class First1700000000000 {}\n`);
  write("test/bench/run.ts", `export const bench = 1;\n`);
}, 60_000);
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

it("compiles everything the first time, then nothing when nothing changed", () => {
  built();
  for (const f of ["src/main.js", "src/greeting.js", "src/other.js", "migrations/1700000000000-First.js", "test/bench/run.js", ".tsbuildinfo"]) expect(exists(`dist/${f}`)).toBe(true);
  const before = ["src/main.js", "src/greeting.js", "src/other.js", "migrations/1700000000000-First.js", ".tsbuildinfo"].map(f => mtime(`dist/${f}`));
  built();
  expect(["src/main.js", "src/greeting.js", "src/other.js", "migrations/1700000000000-First.js", ".tsbuildinfo"].map(f => mtime(`dist/${f}`))).toEqual(before);
}, 60_000);

it("a changed source is compiled again, an unrelated one is not rewritten", () => {
  const other = mtime("dist/src/other.js");
  write("src/greeting.ts", `export const greeting = (who: string): string => "Good morning " + who;\n`);
  built();
  expect(fs.readFileSync(path.join(project, "dist/src/greeting.js"), "utf8")).toContain("Good morning");
  expect(mtime("dist/src/other.js")).toBe(other);
}, 60_000);

it("a deleted or renamed source leaves no compiled module behind", () => {
  fs.renameSync(path.join(project, "migrations/1700000000000-First.ts"), path.join(project, "migrations/1700000000001-Renamed.ts"));
  fs.rmSync(path.join(project, "src/other.ts"));
  built();
  expect(fs.readdirSync(path.join(project, "dist/migrations")).sort()).toEqual(["1700000000001-Renamed.js", "1700000000001-Renamed.js.map"]);
  expect(exists("dist/src/other.js")).toBe(false);
  expect(exists("dist/src/other.js.map")).toBe(false);
  expect(exists("dist/src/main.js")).toBe(true);
}, 60_000);

it("an output removed by hand is compiled again", () => {
  fs.rmSync(path.join(project, "dist/src/greeting.js"));
  built();
  expect(exists("dist/src/greeting.js")).toBe(true);
}, 60_000);

it("a type error fails the build, naming the file", () => {
  write("src/greeting.ts", `export const greeting = (who: string): number => "Hello " + who;\n`);
  const res = build();
  expect(res.status).not.toBe(0);
  expect(res.output).toContain("src/greeting.ts");
}, 60_000);
