import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { certificates } from "#db/schema";
import { addressKey } from "~/modules/throttle/address";
import { recordThrottleEvent, throttleState } from "~/modules/throttle/throttle.server";
import { certificateByCode } from "./certificates.server";
import { isWellFormedCode, normalizeCode } from "./codes.server";

/*
 * Looking a certificate up by its verification code, for /verify/:code and the public PDF. Codes
 * carry 128 bits and cannot be guessed; on top of that an address that asks for too many unknown
 * codes is stopped for a while (the throttle lives in the database, so it holds across instances).
 */

export type Lookup =
  | { kind: "throttled"; retryAfterMinutes: number }
  | { kind: "unknown" }
  | {
      kind: "found";
      certificate: NonNullable<Awaited<ReturnType<typeof certificateByCode>>>["certificate"];
      edition: NonNullable<Awaited<ReturnType<typeof certificateByCode>>>["edition"];
      replacement: { number: string; code: string } | null;
    };

export async function lookupCertificate(rawCode: string, ip: string, now = new Date()): Promise<Lookup> {
  // Counted per addressKey: a whole IPv6 /64 is one client.
  const address = addressKey(ip);
  const state = await throttleState("certificateLookup", address, now);
  if (state.blocked) return { kind: "throttled", retryAfterMinutes: state.retryAfterMinutes };
  const code = normalizeCode(rawCode);
  const found = isWellFormedCode(code) ? await certificateByCode(code) : undefined;
  if (!found) {
    await recordThrottleEvent("certificateLookup", address, now);
    return { kind: "unknown" };
  }
  let replacement: { number: string; code: string } | null = null;
  if (found.certificate.replacedBy !== null) {
    const [next] = await db()
      .select({ number: certificates.number, code: certificates.code })
      .from(certificates)
      .where(eq(certificates.id, found.certificate.replacedBy));
    replacement = next ?? null;
  }
  return { kind: "found", certificate: found.certificate, edition: found.edition, replacement };
}
