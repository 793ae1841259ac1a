import { randomBytes, randomInt, scryptSync, timingSafeEqual } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { PublicLimits } from "../../app/rate-limit";
import { CaseReview } from "./case-review.entity";

// No 0/O, 1/I/L: the code is read from a letter and typed back.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A new access code for an applicant, e.g. "K7QM-3XTR-P9WD": shown once, never stored. */
export function newAccessCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4, 8).join("")}-${chars.slice(8).join("")}`;
}

const normalise = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, "");

/** scrypt with a salt of its own: "scrypt$<salt>$<hash>". */
export function hashAccessCode(code: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(normalise(code), salt, 32);
  return `scrypt$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

export function accessCodeMatches(code: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = scryptSync(normalise(code), Buffer.from(salt, "base64url"), expected.length);
  return timingSafeEqual(expected, actual);
}

const DUMMY = hashAccessCode("dummy-code-for-equal-timing");

/**
 * The applicant's own case, by reference and access code. A wrong code and an unknown reference
 * give the same answer (null) after the same work, so neither can be probed.
 */
export async function findCaseByAccessCode(
  tx: EntityManager,
  reference: string,
  accessCode: string,
  lock = false,
): Promise<CaseReview | null> {
  const found = await tx.getRepository(CaseReview).findOne({
    where: { reference: reference.trim().toUpperCase().slice(0, 20) },
    ...(lock ? { lock: { mode: "pessimistic_write" as const } } : {}),
  });
  const ok = accessCodeMatches(accessCode.slice(0, 40), found?.accessCodeHash ?? DUMMY);
  return found && ok ? found : null;
}

/**
 * The same, spending the wrong-code budgets: refused once the reference or the address has guessed
 * too often (src/app/rate-limit.ts), and a miss counts against both.
 */
export async function findOwnCase(
  ctx: { limits: PublicLimits; clientIp: string },
  tx: EntityManager,
  reference: string,
  accessCode: string,
  lock = false,
): Promise<CaseReview | null> {
  await ctx.limits.assertMayTryAccessCode(reference, ctx.clientIp);
  const found = await findCaseByAccessCode(tx, reference, accessCode, lock);
  if (!found) await ctx.limits.wrongAccessCode(reference, ctx.clientIp);
  return found;
}
