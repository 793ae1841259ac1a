import "../runtime";
import { ConfigError, loadConfig, resolveTokenSecret } from "../config";
import { signToken } from "./token";
import { DEMO_USERS } from "../demo/demo-data";

// npm run token -- <email> [lifetime]: prints a token for a demo (or any) staff user.
async function main() {
  const [email, lifetime = "8h"] = process.argv.slice(2);
  if (!email) {
    console.error("usage: npm run token -- <email> [lifetime, e.g. 8h]\n\nDemo users:");
    for (const u of DEMO_USERS) console.error(`  ${u.email.padEnd(38)} ${u.what}`);
    process.exit(2);
  }
  const config = loadConfig();
  const secret = resolveTokenSecret(config);
  if (!secret) throw new ConfigError("tokens come from your identity provider when JWKS_URL is set");
  console.log(await signToken({ secret, issuer: config.tokenIssuer, audience: config.tokenAudience }, email, lifetime));
}

main().catch(err => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
