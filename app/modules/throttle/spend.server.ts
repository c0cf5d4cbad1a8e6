import { db, type Executor } from "#db/client.server";
import { recordThrottleEvent, type ThrottleBucket, throttleState } from "./throttle.server";

/** The bucket's limit is reached for this key: come back after retryAfterMinutes. */
export class ThrottledError extends Error {
  constructor(public retryAfterMinutes: number) {
    super(`throttled for ${retryAfterMinutes} minutes`);
  }
}

/**
 * Counts one more event of the bucket for the key, or throws ThrottledError when the limit is
 * reached (and then counts nothing). Call it before the work it limits and outside that work's
 * transaction, so an attempt that fails later (e.g. on an address already taken) still counts.
 */
export async function spendThrottle(
  bucket: ThrottleBucket,
  key: string,
  now = new Date(),
  executor: Executor = db(),
): Promise<void> {
  const state = await throttleState(bucket, key, now, executor);
  if (state.blocked) throw new ThrottledError(state.retryAfterMinutes);
  await recordThrottleEvent(bucket, key, now, executor);
}
