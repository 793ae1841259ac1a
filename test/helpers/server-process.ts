import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";

/** A real server process (`src/main.ts`, as `npm start` runs it), on a database the test made. */
export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  output(): string;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const root = path.resolve(__dirname, "..", "..");

/**
 * Starts `src/main.ts` (ts-node, transpile only) on `databaseUrl` and resolves once it prints its
 * address. The environment is development (no TLS needed) unless `env` says otherwise; the caller
 * loads the reference data first, so no demo data is loaded.
 */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: "0",
      HOST: "127.0.0.1",
      TS_NODE_TRANSPILE_ONLY: "1",
      LOG_LEVEL: "warn",
      NODE_ENV: "development",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", d => (out += d));
  child.stderr!.on("data", d => (out += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", code => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code} before it was ready:\n${out}`));
    });
  });
  return {
    child,
    base,
    output: () => out,
    stop: (signal = "SIGTERM") =>
      new Promise(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once("exit", code => resolve(code));
        child.kill(signal);
      }),
  };
}
