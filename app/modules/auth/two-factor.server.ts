import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { and, eq, isNull, lt } from "drizzle-orm";
import QRCode from "qrcode";
import { db, type Executor } from "#db/client.server";
import { type Role, twoFactorChallenges, users } from "#db/schema";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { lucia } from "./lucia.server";
import { settleLoginAttempt, startLoginAttempt } from "./throttle.server";
import { base32Decode, base32Encode, otpauthUri, verifyCode } from "./totp";

/*
 * Optional two-step login for organizers. A right password for an account with TOTP turned on
 * makes a challenge instead of a session; the session is opened only by a right code. Only the
 * SHA-256 of the challenge token is stored, the token itself lives in a short httpOnly cookie.
 * Wrong codes count as failed logins, so the account throttle also limits guessing codes.
 */

export const TWO_FACTOR = { challengeMinutes: 5, maxAttempts: 5, issuer: "Pingxuan" } as const;

/** Path of the second step; the challenge cookie is sent only there. */
export const TWO_FACTOR_PATH = "/login/two-factor";

export const challengeCookie = createCookie("pingxuan_2fa", {
  path: TWO_FACTOR_PATH,
  httpOnly: true,
  sameSite: "lax",
  maxAge: TWO_FACTOR.challengeMinutes * 60,
  get secure() {
    return env().secureCookies;
  },
});

function sha256(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Opens a session for a user whose login is complete; returns the Set-Cookie for it. */
export async function openSession(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

// ---------------------------------------------------------------------------------------------
// Turning it on and off (/admin/security)

export type SecurityState =
  | { enabled: true; enabledAt: Date }
  | { enabled: false; secret: string; uri: string; qrSvg: string };

/**
 * What the security page shows. While TOTP is off, the account keeps one pending secret (made on
 * the first visit, kept across reloads so a code scanned earlier still matches); it does nothing
 * until a right code turns it on, so making it is not audited.
 */
export async function securityState(userId: string): Promise<SecurityState> {
  const [user] = await db()
    .select({ email: users.email, secret: users.totpSecret, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new Error(`no user ${userId}`);
  if (user.enabledAt) return { enabled: true, enabledAt: user.enabledAt };
  let secret = user.secret;
  if (!secret) {
    const fresh = base32Encode(randomBytes(20), { padding: false });
    // Only if still empty: two tabs opened at once end up with the same secret.
    await db()
      .update(users)
      .set({ totpSecret: fresh })
      .where(and(eq(users.id, userId), isNull(users.totpSecret), isNull(users.totpEnabledAt)));
    const [again] = await db().select({ secret: users.totpSecret }).from(users).where(eq(users.id, userId));
    secret = again?.secret ?? fresh;
  }
  const uri = otpauthUri({ secret, account: user.email, issuer: TWO_FACTOR.issuer });
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { enabled: false, secret, uri, qrSvg };
}

export type CodeResult =
  | { ok: true }
  | { ok: false; reason: "wrong" | "replayed" | "state" }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

/**
 * Turns TOTP on after one current code from the pending secret; audited. Wrong codes here are
 * not counted as failed logins: they weaken nothing, and a clock that is off should not lock
 * the organizer out.
 */
export async function enableTotp(userId: string, code: string, ip: string, now = new Date()) {
  return db().transaction(async (tx): Promise<CodeResult> => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user?.totpSecret || user.totpEnabledAt) return { ok: false, reason: "state" };
    const verdict = verifyCode(base32Decode(user.totpSecret), code, now, user.totpLastStep);
    if (!verdict.ok) return verdict;
    await tx
      .update(users)
      .set({ totpEnabledAt: now, totpLastStep: verdict.step })
      .where(eq(users.id, userId));
    await audit(tx, {
      actorId: userId,
      ip,
      action: "auth.totp.enable",
      subjectType: "user",
      subjectId: userId,
    });
    return { ok: true };
  });
}

/**
 * Turns TOTP off after one current code; audited. Wrong codes count as failed logins: someone
 * holding a stolen session cannot try codes without end to remove the second step.
 */
export async function disableTotp(userId: string, code: string, ip: string, now = new Date()) {
  const [account] = await db().select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!account) return { ok: false, reason: "state" } satisfies CodeResult;
  const attempt = await startLoginAttempt(account.email, ip, now);
  if (attempt.blocked) {
    return {
      ok: false,
      reason: "throttled",
      retryAfterMinutes: attempt.retryAfterMinutes,
    } satisfies CodeResult;
  }
  return db().transaction(async (tx): Promise<CodeResult> => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user?.totpSecret || !user.totpEnabledAt) {
      await settleLoginAttempt(tx, attempt.attemptId, "void");
      return { ok: false, reason: "state" };
    }
    const verdict = verifyCode(base32Decode(user.totpSecret), code, now, user.totpLastStep);
    if (!verdict.ok) {
      await settleLoginAttempt(tx, attempt.attemptId, "failed");
      return verdict;
    }
    // A right code here is no login: it takes the attempt back rather than clearing failures.
    await settleLoginAttempt(tx, attempt.attemptId, "void");
    await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(users.id, userId));
    await tx.delete(twoFactorChallenges).where(eq(twoFactorChallenges.userId, userId));
    await audit(tx, {
      actorId: userId,
      ip,
      action: "auth.totp.disable",
      subjectType: "user",
      subjectId: userId,
    });
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The second step of the login

/** Makes a challenge for a user whose password was right; returns the cookie with its token. */
export async function createChallenge(executor: Executor, userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  // Old challenges of anyone are of no use; clearing them here keeps the table small.
  await executor.delete(twoFactorChallenges).where(lt(twoFactorChallenges.expiresAt, now));
  await executor.insert(twoFactorChallenges).values({
    id: sha256(token),
    userId,
    expiresAt: new Date(now.getTime() + TWO_FACTOR.challengeMinutes * 60_000),
    createdAt: now,
  });
  return challengeCookie.serialize(token);
}

export async function clearChallengeCookie(): Promise<string> {
  return challengeCookie.serialize("", { maxAge: 0 });
}

async function challengeToken(request: Request): Promise<string | null> {
  const value: unknown = await challengeCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** Whether the request carries a challenge that can still be answered. */
export async function hasLiveChallenge(request: Request, now = new Date()): Promise<boolean> {
  const token = await challengeToken(request);
  if (!token) return false;
  const [row] = await db()
    .select({ expiresAt: twoFactorChallenges.expiresAt, attempts: twoFactorChallenges.attempts })
    .from(twoFactorChallenges)
    .where(eq(twoFactorChallenges.id, sha256(token)));
  return Boolean(row && row.expiresAt > now && row.attempts < TWO_FACTOR.maxAttempts);
}

export type ChallengeResult =
  | { ok: true; role: Role; setCookie: string }
  | { ok: false; reason: "expired" | "ended" }
  | { ok: false; reason: "wrong" | "replayed"; attemptsLeft: number }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

/**
 * Answers the challenge in the request with a code. A right code opens the session (as the
 * one-step login does) and uses the challenge up; the fifth wrong one ends it.
 */
export async function answerChallenge(
  request: Request,
  code: string,
  ip: string,
  now = new Date(),
): Promise<ChallengeResult> {
  const token = await challengeToken(request);
  if (!token) return { ok: false, reason: "expired" };
  const id = sha256(token);
  const [found] = await db()
    .select({ expiresAt: twoFactorChallenges.expiresAt, email: users.email })
    .from(twoFactorChallenges)
    .innerJoin(users, eq(users.id, twoFactorChallenges.userId))
    .where(eq(twoFactorChallenges.id, id));
  if (!found) return { ok: false, reason: "expired" };
  if (found.expiresAt <= now) {
    await db().delete(twoFactorChallenges).where(eq(twoFactorChallenges.id, id));
    return { ok: false, reason: "expired" };
  }
  const attempt = await startLoginAttempt(found.email, ip, now);
  // The challenge stays (it runs out on its own); the page keeps showing the throttle message.
  if (attempt.blocked)
    return { ok: false, reason: "throttled", retryAfterMinutes: attempt.retryAfterMinutes };

  type Outcome = Exclude<ChallengeResult, { ok: true }> | { ok: true; userId: string; role: Role };
  const outcome = await db().transaction(async (tx): Promise<Outcome> => {
    // Locked, so two posts of one challenge cannot both use it or both miss the attempt count.
    const [challenge] = await tx
      .select()
      .from(twoFactorChallenges)
      .where(eq(twoFactorChallenges.id, id))
      .for("update");
    if (!challenge || challenge.expiresAt <= now) {
      await settleLoginAttempt(tx, attempt.attemptId, "void");
      return { ok: false, reason: "expired" };
    }
    const [user] = await tx.select().from(users).where(eq(users.id, challenge.userId)).for("update");
    if (!user?.totpSecret || !user.totpEnabledAt) {
      await tx.delete(twoFactorChallenges).where(eq(twoFactorChallenges.id, id));
      await settleLoginAttempt(tx, attempt.attemptId, "void");
      return { ok: false, reason: "expired" };
    }
    const verdict = verifyCode(base32Decode(user.totpSecret), code, now, user.totpLastStep);
    if (!verdict.ok) {
      await settleLoginAttempt(tx, attempt.attemptId, "failed");
      const attempts = challenge.attempts + 1;
      if (attempts >= TWO_FACTOR.maxAttempts) {
        await tx.delete(twoFactorChallenges).where(eq(twoFactorChallenges.id, id));
        return { ok: false, reason: "ended" };
      }
      await tx.update(twoFactorChallenges).set({ attempts }).where(eq(twoFactorChallenges.id, id));
      return { ok: false, reason: verdict.reason, attemptsLeft: TWO_FACTOR.maxAttempts - attempts };
    }
    await tx.update(users).set({ totpLastStep: verdict.step }).where(eq(users.id, user.id));
    await tx.delete(twoFactorChallenges).where(eq(twoFactorChallenges.id, id));
    await settleLoginAttempt(tx, attempt.attemptId, "succeeded");
    return { ok: true, userId: user.id, role: user.role };
  });
  if (!outcome.ok) return outcome;
  // After the commit: the session exists only once the challenge is used up.
  return { ok: true, role: outcome.role, setCookie: await openSession(outcome.userId) };
}
