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

/** Only same-site paths are followed after login (no open redirect to another site). */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
}

/** A 6-digit TOTP code; spaces (as some apps show "123 456") are dropped. */
export const TotpCodeSchema = z.object({
  code: z
    .string({ error: (i) => (i.input === undefined ? "form.required" : "form.invalid") })
    .max(32, "totp.format")
    .transform((s) => s.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "totp.format")),
  redirectTo: z.string().optional(),
});

/** The forms of /admin/security: one current code turns two-step login on or off. */
export const TotpToggleSchema = z.object({
  intent: z.enum(["enable", "disable"], { error: "form.required" }),
  code: TotpCodeSchema.shape.code,
});
