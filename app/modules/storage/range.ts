/** An inclusive byte range of a file, as in `Content-Range: bytes start-end/size`. */
export type ByteRange = { start: number; end: number };

/**
 * Reads a `Range` header for a file of `size` bytes (RFC 9110 §14.1.2). Only single ranges are
 * served:
 * - `bytes=a-b`, `bytes=a-` and `bytes=-n` give the range (b and n are clamped to the file);
 * - a range that starts at or after the end, or `bytes=-0`, is "unsatisfiable" (→ 416);
 * - anything else (no header, another unit, several ranges, a malformed value) is null, and the
 *   whole file is sent, as the RFC allows a server to ignore Range.
 */
export function parseRange(header: string | null, size: number): ByteRange | "unsatisfiable" | null {
  if (!header) return null;
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = toInteger(last);
    if (suffix === null) return null;
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = toInteger(first);
  const end = last === "" ? size - 1 : toInteger(last);
  if (start === null || end === null) return null;
  if (last !== "" && end < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}

function toInteger(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/** The entity tags listed in If-None-Match / If-Range, without W/ (weak comparison), or "*". */
export function parseEtags(header: string | null): string[] | "*" {
  if (!header) return [];
  if (header.trim() === "*") return "*";
  return [...header.matchAll(/(?:W\/)?("[^"]*")/g)].map((m) => m[1] as string);
}

/** Whether an If-None-Match header matches this ETag (weak comparison, as RFC 9110 asks). */
export function etagMatches(header: string | null, etag: string): boolean {
  const tags = parseEtags(header);
  const own = etag.replace(/^W\//, "");
  return tags === "*" || tags.includes(own);
}
