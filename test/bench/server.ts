/**
 * The benchmark's server: the app built exactly as src/main.ts builds it (configuration from the
 * environment, NODE_ENV=production, migrations, createApp), in a process of its own, so the load
 * generator's CPU is not counted as the server's.
 *
 * BENCH_NO_SHIELD=1 builds the reference without access control (createBaseSchema(): the same
 * resolvers without the shield middleware). This switch exists only in this benchmark entry; the
 * production entry (src/main.ts) has none.
 *
 * Tells its parent the port it listens on with an IPC message { port } (or a line "port <n>").
 */
import "reflect-metadata";
import { createApp } from "../../src/app/app";
import { createBaseSchema } from "../../src/app/schema";
import { loadConfig } from "../../src/config";
import { createDataSource } from "../../src/db/data-source";
import { migrate } from "../../src/db/setup";
import { createLogger } from "../../src/logger";

async function main() {
  const config = loadConfig();
  const log = createLogger(config);
  const ds = createDataSource(config.databaseUrl!, log);
  await ds.initialize();
  await migrate(ds);
  const noShield = process.env.BENCH_NO_SHIELD === "1";
  const app = noShield ? await createApp(config, ds, log, createBaseSchema()) : await createApp(config, ds, log);
  await new Promise<void>((resolve, reject) => app.httpServer.once("error", reject).listen(config.port, config.host, resolve));
  const address = app.httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  if (process.send) process.send({ port });
  else console.log(`port ${port}`);
  // A measured window may be profiled: { profile: "start" }, then { profile: "stop", file } (.cpuprofile,
  // or .heapprofile with BENCH_PROFILE=heap): bench-only, to explain the figures.
  process.on("message", (m: { profile?: "start" | "stop"; file?: string }) => void profile(m));
  const stop = async () => {
    await app.stop();
    await ds.destroy();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

let session: import("node:inspector").Session | null = null;
async function profile(m: { profile?: "start" | "stop"; file?: string }) {
  const inspector = await import("node:inspector");
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  // BENCH_PROFILE=heap samples allocations instead of CPU time.
  const heap = process.env.BENCH_PROFILE === "heap";
  if (m.profile === "start") {
    session = new inspector.Session();
    session.connect();
    if (heap) {
      await post("HeapProfiler.enable");
      await post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    } else {
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: 200 });
      await post("Profiler.start");
    }
    process.send?.({ profiling: true });
  } else if (m.profile === "stop" && session) {
    const { profile: p } = await post(heap ? "HeapProfiler.stopSampling" : "Profiler.stop");
    (await import("node:fs")).writeFileSync(m.file!, JSON.stringify(p));
    session.disconnect();
    session = null;
    process.send?.({ profiled: m.file });
  }
}

main().catch(err => {
  console.error("bench server could not start:", err);
  process.exit(1);
});
