/**
 * Certificate numbers (证书编号): human-readable, printed on the certificate and shown on the verify
 * page. They are not secret (the verification code is, see codes.server.ts) and can be guessed.
 *
 *   PX-<edition year>-<category code>-<sequence>        e.g. PX-2026-QWFB-001
 *
 *  - `PX`: the portal's prefix (评选), so a number is recognisable out of context;
 *  - edition year: 4 digits, the year of the edition (评选活动), not of issuing;
 *  - category code: 2–8 capital letters or digits set on the category, usually the pinyin
 *    initials of its name (权威发布 → QWFB, 融媒创新 → RMCX, 民生服务 → MSFW, 短视频 → DSP);
 *  - sequence: 1, 2, 3, … within the edition and category, in issuing order, padded to at least
 *    3 digits (001 … 999, then 1000 …). A reissued certificate gets a new sequence number; a
 *    revoked one keeps its number, which is never reused.
 *
 * Two categories of one edition must not share a code, or numbers would collide; the database
 * enforces uniqueness of the whole number.
 */

export const NUMBER_PREFIX = "PX";

const CATEGORY_CODE = /^[A-Z0-9]{2,8}$/;
const NUMBER = /^PX-(\d{4})-([A-Z0-9]{2,8})-(\d{3,})$/;

export type NumberParts = { editionYear: number; categoryCode: string; sequence: number };

export function isValidCategoryCode(code: string): boolean {
  return CATEGORY_CODE.test(code);
}

export function certificateNumber({ editionYear, categoryCode, sequence }: NumberParts): string {
  if (!Number.isInteger(editionYear) || editionYear < 1000 || editionYear > 9999) {
    throw new RangeError(`edition year must have 4 digits: ${editionYear}`);
  }
  if (!isValidCategoryCode(categoryCode)) {
    throw new RangeError(`category code must be 2–8 capital letters or digits: ${categoryCode}`);
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`sequence must be a positive integer: ${sequence}`);
  }
  return `${NUMBER_PREFIX}-${editionYear}-${categoryCode}-${String(sequence).padStart(3, "0")}`;
}

/** The parts of a well-formed number, or null. Accepts lower case and surrounding spaces. */
export function parseCertificateNumber(input: string): NumberParts | null {
  const m = NUMBER.exec(input.trim().toUpperCase());
  if (!m) return null;
  const sequence = Number(m[3]);
  // "0001" and "001" would be the same certificate; only the canonical spelling is a number.
  if (sequence < 1 || (m[3] as string).length > Math.max(3, String(sequence).length)) return null;
  return { editionYear: Number(m[1]), categoryCode: m[2] as string, sequence };
}

/** The sequence number after the highest one already used in a category (1 for the first). */
export function nextSequence(used: Iterable<number>): number {
  let max = 0;
  for (const n of used) if (n > max) max = n;
  return max + 1;
}
