/**
 * Verification codes (验证码) of certificates: the secret part of `/verify/:code` and
 * `/certificates/:code.pdf`. Generated in codes.server.ts; this file holds what the browser or a
 * route may check without node:crypto.
 *
 * 26 characters of a 32-letter alphabet = 130 random bits. The alphabet leaves out 0/O and 1/I, which
 * people confuse when typing a code from paper; it is URL-safe and case-insensitive on input.
 */
export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const CODE_LENGTH = 26;

const WELL_FORMED = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** Upper-cases and removes spaces and dashes, as people type codes from paper. */
export function normalizeCode(input: string): string {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

/** True for a code of the right length and alphabet (canonical upper case). Says nothing of existence. */
export function isWellFormedCode(code: string): boolean {
  return WELL_FORMED.test(code);
}
