import { randomBytes } from "node:crypto";
import { CODE_ALPHABET, CODE_LENGTH } from "./code";

export { isWellFormedCode, normalizeCode } from "./code";

/**
 * A new verification code: 26 characters, each 5 bits from the operating system's CSPRNG
 * (130 bits in all), so codes cannot be guessed or enumerated.
 */
export function newVerificationCode(): string {
  const bytes = randomBytes(Math.ceil((CODE_LENGTH * 5) / 8)); // 17 bytes = 136 bits
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < CODE_LENGTH) {
      bits -= 5;
      out += CODE_ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}
