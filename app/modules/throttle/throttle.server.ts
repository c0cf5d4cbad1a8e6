import { and, count, eq, gt } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { throttleEvents } from "#db/schema";
import { addressKey } from "./address";

/*
 * Sliding-window throttles kept in the database (they hold across restarts and app instances).
 * Login has its own (app/modules/auth/throttle.server.ts); the others name a bucket here.
 */

export const THROTTLES = {
  /** Unknown certificate codes looked up from one address: stops guessing codes. */
  certificateLookup: { windowMinutes: 10, max: 20 },
  /**
   * Registrations sent from one address (keyed by addressKey): each sends a mail to an address
   * the visitor chose, and answers whether that address or credit code is known only by mail.
   */
  registration: { windowMinutes: 60, max: 5 },
  /** Registration mails to one address (keyed by the address), from however many clients. */
  registrationRecipient: { windowMinutes: 60, max: 3 },
  /** Colleagues a unit invites (keyed by the unit): each sends a mail to an address the unit chose. */
  unitUserInvitation: { windowMinutes: 60, max: 10 },
} as const;
export type ThrottleBucket = keyof typeof THROTTLES;

export type ThrottleState = { blocked: false } | { blocked: true; retryAfterMinutes: number };

export async function throttleState(
  bucket: ThrottleBucket,
  key: string,
  now = new Date(),
  executor: Executor = db(),
): Promise<ThrottleState> {
  const limit = THROTTLES[bucket];
  // A key that is a client address counts by its addressKey (an IPv6 client by its /64), whoever
  // the caller; other keys (an email, say) are left as they are.
  const counted = addressKey(key);
  const since = new Date(now.getTime() - limit.windowMinutes * 60_000);
  const [row] = await executor
    .select({ n: count() })
    .from(throttleEvents)
    .where(
      and(
        eq(throttleEvents.bucket, bucket),
        eq(throttleEvents.key, counted),
        gt(throttleEvents.createdAt, since),
      ),
    );
  return (row?.n ?? 0) >= limit.max
    ? { blocked: true, retryAfterMinutes: limit.windowMinutes }
    : { blocked: false };
}

export async function recordThrottleEvent(
  bucket: ThrottleBucket,
  key: string,
  now = new Date(),
  executor: Executor = db(),
): Promise<void> {
  // Stored under the key throttleState counts.
  await executor.insert(throttleEvents).values({ bucket, key: addressKey(key), createdAt: now });
}
