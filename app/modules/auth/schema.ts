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
