import { and, count, eq, gt, max } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { loginAttempts } from "#db/schema";

/**
 * Login throttling, kept in the database so it survives restarts and holds across app instances.
 * Failures are counted in a sliding window, per account (stops guessing one password) and per
 * address (stops spraying many accounts from one place).
 */
export const THROTTLE = {
  windowMinutes: 15,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
} as const;

export type ThrottleVerdict = { blocked: false } | { blocked: true; retryAfterMinutes: number };

export async function loginThrottle(
  executor: Executor,
  email: string,
  ip: string,
  now = new Date(),
): Promise<ThrottleVerdict> {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  // A successful login clears the account's earlier failures.
  const [lastSuccess] = await executor
    .select({ at: max(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true)));
  const since = lastSuccess?.at && lastSuccess.at > windowStart ? lastSuccess.at : windowStart;
  const [byAccount] = await executor
    .select({ n: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.createdAt, since),
      ),
    );
  const [byAddress] = await executor
    .select({ n: count() })
    .from(loginAttempts)
    .where(
      and(eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)),
    );
  if (
    (byAccount?.n ?? 0) >= THROTTLE.maxFailuresPerAccount ||
    (byAddress?.n ?? 0) >= THROTTLE.maxFailuresPerAddress
  ) {
    return { blocked: true, retryAfterMinutes: THROTTLE.windowMinutes };
  }
  return { blocked: false };
}

export async function recordLoginAttempt(
  executor: Executor,
  attempt: { email: string; ip: string; succeeded: boolean; at?: Date },
): Promise<void> {
  await executor.insert(loginAttempts).values({
    id: crypto.randomUUID(),
    email: attempt.email,
    ip: attempt.ip,
    succeeded: attempt.succeeded,
    createdAt: attempt.at ?? new Date(),
  });
}
