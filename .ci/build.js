#!/usr/bin/env node
/**
 * `npm run build`: compile only what changed into dist/, so an unchanged checkout starts at once.
 * (In .ci/ because the project keeps a fixed set of top-level folders; npm start runs it too.)
 *
 * tsc's build mode keeps what it compiled in dist/.tsbuildinfo and skips an up-to-date program.
 * It never deletes an output, so this removes every compiled file whose source is gone: a deleted
 * or renamed migration would otherwise still be found (and run) by the migrations glob. dist/ is
 * never wiped, so a command run beside a running server does not pull its files away.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const buildInfo = path.join(dist, ".tsbuildinfo");
const config = "tsconfig.build.json";
// What tsconfig.build.json includes.
const SOURCE_DIRS = ["src", "migrations", "test/bench", "test/soak"];

const walk = dir => {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
};
const outputOf = source => path.join(dist, path.relative(root, source)).replace(/\.ts$/, ".js");
const sourceOf = output => path.join(root, path.relative(dist, output)).replace(/\.js(\.map)?$/, ".ts");

// 1. Outputs whose source was deleted or renamed (compiled files, and the pages' copied templates).
for (const file of walk(dist)) {
  const copied = file.startsWith(path.join(dist, "src", "web")) && fs.existsSync(path.join(root, path.relative(dist, file)));
  if (copied) continue;
  if (/\.js(\.map)?$/.test(file) ? !fs.existsSync(sourceOf(file)) : file.startsWith(path.join(dist, "src", "web"))) fs.rmSync(file);
}

// 2. An output missing for a source that exists (dist/ partly removed by hand): tsc would think
// itself up to date, so forget what it built and build everything.
const sources = SOURCE_DIRS.flatMap(d => walk(path.join(root, d))).filter(f => f.endsWith(".ts") && !f.endsWith(".d.ts"));
if (fs.existsSync(buildInfo) && sources.some(s => !fs.existsSync(outputOf(s)))) fs.rmSync(buildInfo);

// 3. Compile what changed.
const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
const result = spawnSync(process.execPath, [tsc, "--build", config], { cwd: root, stdio: "inherit" });
if (result.error) {
  console.error(`The build could not run TypeScript's compiler: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) process.exit(result.status ?? 1);

// 4. The pages' templates and browser assets sit beside their handlers (src/web): copy them beside
// the compiled handlers, which find them relative to their own directory.
const web = path.join(root, "src", "web");
for (const file of walk(web).filter(f => !/\.(ts|graphql)$/.test(f))) {
  const out = path.join(dist, path.relative(root, file));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(file, out);
}
process.exit(0);
