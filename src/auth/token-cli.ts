import "../runtime";
import { ConfigError, resolveTokenSecret } from "../config";
import { commandFailed, withCommandDatabase } from "../db/command-database";
import { signToken } from "./token";
import { DEMO_USERS } from "../demo/demo-data";

// npm run token -- <email> [lifetime]: prints a token for a staff user who exists and is active.
async function main() {
  const [email, lifetime = "8h"] = process.argv.slice(2);
  if (!email) {
    console.error("usage: npm run token -- <email> [lifetime, e.g. 8h]\n\nDemo users:");
    for (const u of DEMO_USERS) console.error(`  ${u.email.padEnd(38)} ${u.what}`);
    process.exit(2);
  }
  await withCommandDatabase(async (ds, config) => {
    const secret = resolveTokenSecret(config);
    if (!secret) throw new ConfigError("tokens come from your identity provider when JWKS_URL is set");
    const rows: Array<{ email: string; active: boolean }> = await ds.query(
      "SELECT email, active FROM staff_user WHERE lower(email) = lower($1)",
      [email],
    );
    const user = rows[0];
    if (!user) throw new Error(`No staff user has the email ${email}: no token was made.`);
    if (!user.active) throw new Error(`${user.email} is deactivated: no token was made.`);
    console.log(await signToken({ secret, issuer: config.tokenIssuer, audience: config.tokenAudience }, user.email, lifetime));
  });
}

main().catch(commandFailed);
