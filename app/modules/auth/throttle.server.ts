import { and, eq, gt, or, type SQL, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { loginAttempts } from "#db/schema";
import { addressKey } from "~/modules/throttle/address";

/**
 * Login throttling, kept in the database so it survives restarts and holds across app instances.
 * Failures are counted in a sliding window three ways (docs/decisions/020-login-throttle.md):
 *  - per account and address: the low limit, so guessing one password from one place stops soon
 *    while the owner, elsewhere, can still log in;
 *  - per address: stops spraying many accounts from one place;
 *  - per account across all addresses: much higher, stops guessing spread over many addresses.
 * An address is counted by its addressKey (an IPv6 client by its /64). A success clears the
 * account's own counts, never the address's.
 */
export const THROTTLE = {
  windowMinutes: 15,
  maxFailuresPerAccountAndAddress: 5,
  maxFailuresPerAddress: 30,
  maxFailuresPerAccount: 50,
} as const;

export type LoginAttemptStart =
  | { blocked: false; attemptId: string }
  | { blocked: true; retryAfterMinutes: number };

/**
 * Checks the throttle and, if it allows, reserves the attempt as a failure in the same
 * transaction, so concurrent attempts cannot all pass the count before any of them is recorded.
 * The caller settles it once the password or code is checked (settleLoginAttempt); an attempt
 * never settled, e.g. because the process stopped, stays a failure.
 */
export async function startLoginAttempt(
  emailInput: string,
  ip: string,
  now = new Date(),
): Promise<LoginAttemptStart> {
  const email = emailInput.trim().toLowerCase();
  const address = addressKey(ip);
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  return db().transaction(async (tx): Promise<LoginAttemptStart> => {
    // One attempt at a time per account and per address; always the account first, so two
    // attempts never wait on each other's lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login:account:${email}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login:address:${address}`}))`);

    const forAccount = eq(loginAttempts.email, email);
    const fromAddress = eq(loginAttempts.ip, address);
    const [success] = await tx
      .select({
        account: sql<Date | null>`max(${loginAttempts.createdAt})`.mapWith(loginAttempts.createdAt),
        pair: sql<Date | null>`max(${loginAttempts.createdAt}) filter (where ${fromAddress})`.mapWith(
          loginAttempts.createdAt,
        ),
      })
      .from(loginAttempts)
      .where(and(forAccount, eq(loginAttempts.succeeded, true)));
    const accountSince = later(windowStart, success?.account);
    const pairSince = later(windowStart, success?.pair);

    const [failures] = await tx
      .select({
        pair: countWhere(and(forAccount, fromAddress, gt(loginAttempts.createdAt, pairSince))),
        account: countWhere(and(forAccount, gt(loginAttempts.createdAt, accountSince))),
        address: countWhere(fromAddress),
      })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.succeeded, false),
          gt(loginAttempts.createdAt, windowStart),
          or(forAccount, fromAddress),
        ),
      );
    if (
      (failures?.pair ?? 0) >= THROTTLE.maxFailuresPerAccountAndAddress ||
      (failures?.address ?? 0) >= THROTTLE.maxFailuresPerAddress ||
      (failures?.account ?? 0) >= THROTTLE.maxFailuresPerAccount
    ) {
      return { blocked: true, retryAfterMinutes: THROTTLE.windowMinutes };
    }
    const attemptId = crypto.randomUUID();
    await tx
      .insert(loginAttempts)
      .values({ id: attemptId, email, ip: address, succeeded: false, createdAt: now });
    return { blocked: false, attemptId };
  });
}

/**
 * Settles a reserved attempt: a failure stays as reserved, a success clears the account's
 * counts from then on, and "void" (the password was right but a code is still due, or there was
 * nothing to check) takes the attempt back as if it had not been made.
 */
export async function settleLoginAttempt(
  executor: Executor,
  attemptId: string,
  outcome: "failed" | "succeeded" | "void",
): Promise<void> {
  if (outcome === "succeeded") {
    await executor.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
  } else if (outcome === "void") {
    await executor.delete(loginAttempts).where(eq(loginAttempts.id, attemptId));
  }
}

function countWhere(condition: SQL | undefined) {
  return sql<number>`count(*) filter (where ${condition})`.mapWith(Number);
}

function later(a: Date, b: Date | null | undefined): Date {
  return b && b > a ? b : a;
}
