/*
 * Organizers enter and read times in China Standard Time (UTC+8, no daylight saving), whatever
 * the server's or browser's zone; the database stores instants.
 */
const OFFSET = "+08:00";

/** "2024-05-01T09:00" (as typed in datetime-local, CST) → instant. */
export function fromLocalInput(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(`${value}:00${OFFSET}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Instant → "2024-05-01T09:00" for a datetime-local input (CST). */
export function toLocalInput(value: Date | string | null | undefined): string | undefined {
  if (!value) return undefined;
  const d = new Date(new Date(value).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16);
}

/** Instant → "2024-05-01 09:00" for display (CST). */
export function formatDateTime(value: Date | string | null | undefined): string {
  const local = toLocalInput(value);
  return local ? local.replace("T", " ") : "—";
}
