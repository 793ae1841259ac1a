/**
 * The peer (issue 16): PostGraphile v5 over the benchmark's own database, served by grafserv's
 * Express adapter on node:http, with its default ("amber") preset, production settings (no
 * GraphiQL, no explain, GRAPHILE_ENV=production) and the same pool size as our server. It has no access control at all: the
 * case list it answers is given the CSP officer's partnership as a condition (PEER_CASE_LIST in
 * operations.ts).
 *
 * Tells its parent the port it listens on with an IPC message { port }.
 */
import http from "node:http";
import express from "express";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/express/v4";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

async function main() {
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    // Order by any column, as our loaders do (by default only indexed columns are orderable).
    disablePlugins: ["PgIndexBehaviorsPlugin"],
    pgServices: [makePgService({ connectionString: process.env.DATABASE_URL!, schemas: ["public"], poolConfig: { max: 10 } })],
    grafserv: { graphqlPath: "/graphql", graphiql: false, watch: false },
    grafast: { explain: false },
  });
  const app = express();
  const server = http.createServer(app);
  const serv = pgl.createServ(grafserv);
  await serv.addTo(app, server);
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  if (process.send) process.send({ port });
  else console.log(`port ${port}`);
  process.on("SIGTERM", () => server.close(() => void Promise.resolve(pgl.release()).then(() => process.exit(0))));
}

if (require.main === module) {
  main().catch(err => {
    console.error("peer server could not start:", err);
    process.exit(1);
  });
}
