import { createHmac, timingSafeEqual } from "node:crypto";

/*
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA-1, 6 digits, 30-second steps,
 * the settings every authenticator app uses by default. Pure: the caller passes the time.
 */

export const TOTP = { stepSeconds: 30, digits: 6, window: 1 } as const;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32; `padding: false` for secrets in otpauth:// URIs, where `=` is left off. */
export function base32Encode(bytes: Uint8Array, options: { padding?: boolean } = {}): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  if (options.padding ?? true) while (out.length % 8 !== 0) out += "=";
  return out;
}

/**
 * Decodes base32 as people type it from a screen: case, spaces, dashes and trailing `=` do not
 * matter. Anything else outside the alphabet throws.
 */
export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s-]/g, "").replace(/=+$/, "");
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${JSON.stringify(char)}`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

/** The 30-second step a moment falls in (Unix time / 30). */
export function stepAt(at: Date | number): number {
  const ms = typeof at === "number" ? at : at.getTime();
  return Math.floor(ms / 1000 / TOTP.stepSeconds);
}

/** The code for one step (RFC 4226 HOTP with the step as counter), zero-padded. */
export function codeForStep(secret: Uint8Array, step: number, digits: number = TOTP.digits): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", secret).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

export type TotpVerdict = { ok: true; step: number } | { ok: false; reason: "wrong" | "replayed" };

/**
 * Checks a code against the current step and one step either side (clock drift, slow typing).
 * A step at or before `lastStep` was already used: its code is refused even when right, so a
 * code seen over someone's shoulder does not work a second time.
 */
export function verifyCode(
  secret: Uint8Array,
  code: string,
  at: Date | number,
  lastStep: number | null = null,
): TotpVerdict {
  const typed = code.replace(/\s/g, "");
  if (!/^\d+$/.test(typed) || typed.length !== TOTP.digits) return { ok: false, reason: "wrong" };
  const now = stepAt(at);
  let replayed = false;
  for (let step = now - TOTP.window; step <= now + TOTP.window; step++) {
    const expected = codeForStep(secret, step);
    // Constant-time, so the answer time does not tell how many digits were right.
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(typed))) {
      if (lastStep !== null && step <= lastStep) replayed = true;
      else return { ok: true, step };
    }
  }
  return { ok: false, reason: replayed ? "replayed" : "wrong" };
}

/** The otpauth:// address authenticator apps read from the QR code (Key URI format). */
export function otpauthUri(input: { secret: string; account: string; issuer: string }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const params = new URLSearchParams({
    secret: input.secret,
    issuer: input.issuer,
    algorithm: "SHA1",
    digits: String(TOTP.digits),
    period: String(TOTP.stepSeconds),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/** A secret shown for typing by hand: groups of four. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}
