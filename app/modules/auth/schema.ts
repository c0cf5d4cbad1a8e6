import { z } from "zod";

export const LoginSchema = z.object({
  email: z
    .string({ error: (i) => (i.input === undefined ? "form.required" : "form.invalid") })
    .trim()
    .toLowerCase()
    .max(254, "form.email")
    .email("form.email"),
  password: z
    .string({ error: (i) => (i.input === undefined ? "form.required" : "form.invalid") })
    .max(256, "form.invalid"),
  redirectTo: z.string().optional(),
});

// Any origin of ours would do: only whether parsing keeps it matters, never the host itself.
const SAME_ORIGIN_BASE = "http://pingxuan.invalid";

/**
 * Only paths of this site are followed after login or a language switch (no open redirect).
 * Checked on the URL as a browser parses it, not on the raw text: parsers drop tabs, CR and LF
 * and read a backslash as a slash, so "/<TAB>/evil.example" is "//evil.example" to a browser.
 * What is returned is the parsed path, query and fragment, percent-encoded by the parser, so it
 * can never carry CR, LF or NUL into the Location header either.
 */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, SAME_ORIGIN_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_ORIGIN_BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" parses to the path "//evil.example", which a browser reads as a host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}

/** A 6-digit TOTP code; spaces (as some apps show "123 456") are dropped. */
export const TotpCodeSchema = z.object({
  code: z
    .string({ error: (i) => (i.input === undefined ? "form.required" : "form.invalid") })
    .max(32, "totp.format")
    // Spaces are allowed (apps show "123 456"); checked without them, then removed.
    .refine((s) => /^\d{6}$/.test(s.replace(/\s/g, "")), "totp.format")
    .transform((s) => s.replace(/\s/g, "")),
  redirectTo: z.string().optional(),
});

/** The forms of /admin/security: one current code turns two-step login on or off. */
export const TotpToggleSchema = z.object({
  intent: z.enum(["enable", "disable"], { error: "form.required" }),
  code: TotpCodeSchema.shape.code,
});
