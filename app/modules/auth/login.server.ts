import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { lucia } from "./lucia.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { settleLoginAttempt, startLoginAttempt } from "./throttle.server";
import { createChallenge, openSession } from "./two-factor.server";

export type LoginResult =
  | { ok: true; userId: string; role: "organizer" | "judge" | "unit"; setCookie: string }
  | { ok: false; reason: "invalid" }
  /** The password was right but the account asks for a TOTP code: no session yet (see two-factor.server). */
  | { ok: false; reason: "twoFactor"; setCookie: string }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

/**
 * Checks a password and opens a session. A wrong email and a wrong password give the same answer
 * (and take the same time), and repeated failures are throttled (see throttle.server).
 * Accounts with TOTP turned on get a challenge instead of a session.
 */
export async function logIn(input: {
  email: string;
  password: string;
  ip: string;
  now?: Date;
}): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  // Reserved before the password is checked, so concurrent guesses are counted as they start.
  const attempt = await startLoginAttempt(email, input.ip, input.now);
  if (attempt.blocked)
    return { ok: false, reason: "throttled", retryAfterMinutes: attempt.retryAfterMinutes };

  const [user] = await db().select().from(users).where(eq(users.email, email)).limit(1);
  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyPassword(await dummyPasswordHash(), input.password)) && false;
  if (!user || !valid) {
    await settleLoginAttempt(db(), attempt.attemptId, "failed");
    return { ok: false, reason: "invalid" };
  }
  if (user.totpEnabledAt) {
    // Not a success yet: a success clears the account's failures, and a password alone must not
    // wipe out failed codes. Not a failure either; the code step counts its own attempts.
    await settleLoginAttempt(db(), attempt.attemptId, "void");
    return { ok: false, reason: "twoFactor", setCookie: await createChallenge(db(), user.id) };
  }
  await settleLoginAttempt(db(), attempt.attemptId, "succeeded");
  return { ok: true, userId: user.id, role: user.role, setCookie: await openSession(user.id) };
}

/** Ends the session in the request (if any) and returns the cookie that clears it. */
export async function logOut(request: Request): Promise<string> {
  const l = lucia();
  const sessionId = l.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await l.invalidateSession(sessionId);
  return l.createBlankSessionCookie().serialize();
}
