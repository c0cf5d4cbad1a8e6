/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 * 18 characters from a 31-character alphabet without I, O, S, V, Z. The 18th is a check
 * character: check = 31 − (Σ value × weight mod 31), 31 → 0, where the weight of position i
 * (1..17) is 3^(i−1) mod 31. The alphabet index is the value: do not use `charCode − 55`
 * or `mod 11` (both circulate and are wrong).
 */
export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem = "length" | "character" | "checkDigit";

/** Upper-cases and removes spaces, the way people paste the code from a licence. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/\s+/g, "").toUpperCase();
}

/** The check character for the first 17 characters, or null if one is not in the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] as number);
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET.charAt(check);
}

/** Why a code is invalid, or null when it is valid. */
export function creditCodeProblem(input: string): CreditCodeProblem | null {
  const code = normalizeCreditCode(input);
  if (code.length !== 18) return "length";
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return "character";
  return creditCodeCheckCharacter(code.slice(0, 17)) === code.charAt(17) ? null : "checkDigit";
}

export function isValidCreditCode(input: string): boolean {
  return creditCodeProblem(input) === null;
}

/** Positions 3–8: the GB/T 2260 administrative division, so a form can propose the region. */
export function creditCodeDivision(input: string): string | null {
  const code = normalizeCreditCode(input);
  const division = code.slice(2, 8);
  return /^\d{6}$/.test(division) ? division : null;
}

/** Completes 17 characters with their check character (used by the demo seed and tests). */
export function withCheckCharacter(first17: string): string {
  const check = creditCodeCheckCharacter(first17);
  if (check === null) throw new Error(`Not a credit-code prefix: ${first17}`);
  return first17 + check;
}
