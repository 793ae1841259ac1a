import type { DataSource } from "typeorm";

/** No active SYSTEM_ADMIN: nobody can set the platform up through the API. */
export async function needsFirstAdministrator(ds: DataSource): Promise<boolean> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM staff_user WHERE active AND 'SYSTEM_ADMIN' = ANY(roles)`);
  return n === 0;
}

/**
 * What a production start on an empty database prints. The server still starts (health checks
 * pass, an orchestrator does not restart it in a loop), and the operator runs the command beside it.
 */
export const FIRST_ADMIN_STEPS = [
  "",
  "This platform has no administrator yet: nobody can sign in or set it up.",
  "Create the first SYSTEM_ADMIN, beside this running server, with the same DATABASE_URL:",
  `  npm run admin -- create-system-admin --name "Your Name" --email you@your-council.gov.uk --agency "Your organisation"`,
  "Then load the partnerships, agencies and staff from one file (src/demo/kent.yaml is an example):",
  "  npm run admin -- load your-county.yaml",
  "",
].join("\n");
