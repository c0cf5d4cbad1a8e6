/** A message shown once after an action (see flash.server.ts); shared by server and browser code. */
export type ToastTone = "ok" | "error";
export type Toast = { key: string; tone: ToastTone };
/** A toast as the page gets it: `id` tells two identical messages in a row apart. */
export type ShownToast = Toast & { id: string };

/** The toast in a parsed cookie value, or null when it is not one. */
export function toToast(value: unknown): Toast | null {
  if (!value || typeof value !== "object") return null;
  const { key, tone } = value as Record<string, unknown>;
  if (typeof key !== "string") return null;
  return { key, tone: tone === "error" ? "error" : "ok" };
}
