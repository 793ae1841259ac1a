import fs from "node:fs";
import path from "node:path";
import { createHmac } from "node:crypto";
import net from "node:net";
import bytes from "bytes";

/**
 * Every setting, read from the environment once at start and validated, with its default.
 * A bad value stops the process with a message naming the variable, never a stack trace.
 */
export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  /** Null means: start the embedded PostgreSQL and use it. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  /** HS256 secret; null when a JWKS URL is configured or when it is generated into dataDir. */
  tokenSecret: string | null;
  jwksUrl: string | null;
  tokenIssuer: string;
  tokenAudience: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Introspection and the IDE: on in development, off in production unless set. */
  introspection: boolean;
  ide: boolean;
  publicSubmissionsPerMinute: number;
  /** applicationStatus and the applicant's requestSecondaryReview, per client address per minute. */
  publicStatusChecksPerMinute: number;
  /** Wrong access codes per reference, and per client address, per hour. */
  wrongAccessCodesPerHour: number;
  /** Where emails go; null: kept as .eml files under dataDir/mail (development only). */
  smtpUrl: string | null;
  /** The From: of every email. */
  mailFrom: string;
  /** The address people reach the service at: emails link to its /console and /progress pages. */
  publicUrl: string;
  /** Attempts at delivering one email before it shows as failed on the work queue. */
  mailMaxAttempts: number;
  /** How often an open console WebSocket checks its session again (idle limit, deactivation, roles). */
  sessionRecheckSeconds: number;
  /** The largest request body, in bytes (BODY_LIMIT accepts 100kb, 1mb, or bytes). */
  bodyLimit: number;
  /** How long to keep trying a database that does not answer at start, in seconds. */
  databaseConnectSeconds: number;
  /** Signs the web session cookie; null: derived from TOKEN_SECRET, or generated once into dataDir. */
  sessionSecret: string | null;
  /** Compile an operation (graphql-jit) the n-th time it runs; 0 never (src/app/compiled-execution.ts). */
  graphqlCompileAfter: number;
  /**
   * Which proxies' X-Forwarded-For (and -Proto) to believe, as Express's "trust proxy": the public
   * budgets count per client address, so behind a load balancer it must name the balancer.
   */
  trustProxy: string[];
  /** Staff sign in to the console through this OpenID provider; null: the development sign-in page (not in production). */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Null for a public client (PKCE alone). */
  clientSecret: string | null;
  /** The ID token claim that names the staff user: a verified email by default. */
  emailClaim: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const v = env[name];
  if (v === undefined || v === "") return fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(`${name}="${v}" is not valid: use one of ${allowed.join(", ")}`);
  }
  return v as T;
}

/** TRUST_PROXY: addresses or CIDR ranges of the proxies in front, or loopback/linklocal/uniquelocal. */
function trustProxy(env: Env): string[] {
  const list = (env.TRUST_PROXY || "loopback").split(",").map(x => x.trim()).filter(Boolean);
  for (const entry of list) {
    const [address, bits, extra] = entry.split("/");
    const named = ["loopback", "linklocal", "uniquelocal"].includes(entry);
    const family = net.isIP(address ?? "");
    const maskOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!named && (!family || !maskOk || extra !== undefined)) {
      throw new ConfigError(`TRUST_PROXY="${env.TRUST_PROXY}" is not valid: "${entry}" is neither an address, a CIDR range, nor loopback, linklocal or uniquelocal`);
    }
  }
  return list;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = env[name];
  if (v === undefined || v === "") return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigError(`${name}="${v}" is not valid: use a whole number from ${min} to ${max}`);
  }
  return Number(v);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = env[name];
  if (v === undefined || v === "") return fallback;
  if (["1", "true", "yes", "on"].includes(v.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(v.toLowerCase())) return false;
  throw new ConfigError(`${name}="${v}" is not valid: use true or false`);
}

function size(env: Env, name: string, fallback: string, min: number, max: number): number {
  const v = env[name] || fallback;
  // The same parser express uses for its limit, so what is accepted here is what express enforces.
  const n = /^\s*\d+(\.\d+)?\s*(b|kb|mb)?\s*$/i.test(v) ? bytes.parse(v) : null;
  if (n === null || n < min || n > max) {
    throw new ConfigError(`${name}="${v}" is not valid: use a size from 1kb to 50mb, such as 100kb or 1mb`);
  }
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const v = env[name];
  if (v === undefined || v === "") return null;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(" or ")}`);
  }
  return v;
}

export function loadConfig(env: Env = process.env): Config {
  const mode = oneOf(env, "NODE_ENV", ["development", "production", "test"] as const, "development");
  const tokenSecret = env.TOKEN_SECRET || null;
  if (tokenSecret !== null && tokenSecret.length < 32) {
    throw new ConfigError("TOKEN_SECRET is too short: use at least 32 characters");
  }
  const jwksUrl = url(env, "JWKS_URL", ["https:", "http:"]);
  if (tokenSecret && jwksUrl) throw new ConfigError("set TOKEN_SECRET or JWKS_URL, not both");
  const databaseUrl = url(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  if (mode === "production" && !databaseUrl) {
    throw new ConfigError("DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)");
  }
  if (mode === "production" && !tokenSecret && !jwksUrl) {
    throw new ConfigError("TOKEN_SECRET or JWKS_URL is required when NODE_ENV=production");
  }
  const sessionSecret = env.SESSION_SECRET || null;
  if (sessionSecret !== null && sessionSecret.length < 32) {
    throw new ConfigError("SESSION_SECRET is too short: use at least 32 characters");
  }
  if (mode === "production" && !sessionSecret && !tokenSecret) {
    throw new ConfigError("SESSION_SECRET is required when NODE_ENV=production with JWKS_URL (it signs the web session cookie)");
  }
  const smtpUrl = url(env, "SMTP_URL", ["smtp:", "smtps:"]);
  if (mode === "production" && !smtpUrl) {
    throw new ConfigError("SMTP_URL is required when NODE_ENV=production (without it emails are only kept as files)");
  }
  const mailFrom = env.MAIL_FROM || "ASB case review <no-reply@asb-case-review.invalid>";
  if (!/^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>$/.test(mailFrom)) {
    throw new ConfigError(`MAIL_FROM="${mailFrom}" is not valid: use an address, e.g. "ASB case review <no-reply@example.gov.uk>"`);
  }
  const port = integer(env, "PORT", 4000, 0, 65535);
  const publicUrl = (url(env, "PUBLIC_URL", ["https:", "http:"]) ?? `http://127.0.0.1:${port || 4000}`).replace(/\/+$/, "");
  const dev = mode !== "production";
  const oidcIssuer = url(env, "OIDC_ISSUER", ["https:", "http:"]);
  if (oidcIssuer && !env.OIDC_CLIENT_ID) throw new ConfigError("OIDC_CLIENT_ID is required with OIDC_ISSUER");
  if (!oidcIssuer && env.OIDC_CLIENT_ID) throw new ConfigError("OIDC_CLIENT_ID is set but OIDC_ISSUER is not: set both, or neither for the development sign-in");
  if (mode === "production" && oidcIssuer?.startsWith("http:")) {
    throw new ConfigError("OIDC_ISSUER must start with https: in production (plain http is for a provider on this machine)");
  }
  if (mode === "production" && oidcIssuer && !env.PUBLIC_URL) {
    throw new ConfigError("PUBLIC_URL is required with OIDC_ISSUER in production (the provider sends people back to PUBLIC_URL/console/sign-in/callback)");
  }
  const dataDir = path.resolve(env.DATA_DIR || ".data");
  return {
    env: mode,
    port,
    host: env.HOST || "127.0.0.1",
    databaseUrl,
    dataDir,
    embeddedPgPort: integer(env, "EMBEDDED_PG_PORT", 54329, 1024, 65535),
    tokenSecret,
    jwksUrl,
    tokenIssuer: env.TOKEN_ISSUER || "asb-case-review",
    tokenAudience: env.TOKEN_AUDIENCE || "asb-case-review",
    logLevel: oneOf(env, "LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const, dev ? "info" : "info"),
    introspection: bool(env, "GRAPHQL_INTROSPECTION", dev),
    ide: bool(env, "GRAPHQL_IDE", dev),
    publicSubmissionsPerMinute: integer(env, "PUBLIC_SUBMISSIONS_PER_MINUTE", 10, 1, 100000),
    publicStatusChecksPerMinute: integer(env, "PUBLIC_STATUS_CHECKS_PER_MINUTE", 60, 1, 100000),
    wrongAccessCodesPerHour: integer(env, "WRONG_ACCESS_CODES_PER_HOUR", 10, 1, 100000),
    smtpUrl,
    mailFrom,
    publicUrl,
    mailMaxAttempts: integer(env, "MAIL_MAX_ATTEMPTS", 10, 1, 25),
    sessionRecheckSeconds: integer(env, "SESSION_RECHECK_SECONDS", 60, 1, 300),
    bodyLimit: size(env, "BODY_LIMIT", "100kb", 1024, 50 * 1024 * 1024),
    databaseConnectSeconds: integer(env, "DATABASE_CONNECT_SECONDS", 30, 0, 3600),
    sessionSecret,
    graphqlCompileAfter: integer(env, "GRAPHQL_COMPILE_AFTER", 2, 0, 1000),
    trustProxy: trustProxy(env),
    oidc: oidcIssuer
      ? { issuer: oidcIssuer, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET || null, emailClaim: env.OIDC_EMAIL_CLAIM || "email" }
      : null,
  };
}

/** The HS256 secret: configured, or generated once and kept beside the embedded data. */
export function resolveTokenSecret(config: Config): string | null {
  if (config.jwksUrl) return null;
  if (config.tokenSecret) return config.tokenSecret;
  return generatedSecret(config, "token-secret");
}

/**
 * The web session secret: configured; or derived from the token secret (one secret fewer to keep,
 * and never equal to it); or, outside production, generated once beside the embedded data.
 */
export function resolveSessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const tokenSecret = resolveTokenSecret(config);
  if (tokenSecret) return createHmac("sha256", tokenSecret).update("asb-case-review web session").digest("base64url");
  return generatedSecret(config, "session-secret");
}

function generatedSecret(config: Config, name: string): string {
  const file = path.join(config.dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = require("node:crypto").randomBytes(48).toString("base64url") as string;
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
