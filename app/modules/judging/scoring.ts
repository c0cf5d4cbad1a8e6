import { z } from "zod";
import { hasNoControlCharacters, text } from "~/modules/forms/fields";
import { messageWithParams } from "~/modules/i18n/i18n";

/*
 * Score sheets: points per criterion from 0 to the criterion's max in steps of 0.5, stored as
 * whole half-points so sums and comparisons stay exact. These pure rules serve the page and the
 * server alike.
 */

export type RubricLine = { id: number; name: string; maxPoints: number };

/** "12.5" → 25 half-points; null for anything that is not a number in 0.5 steps. */
export function toHalfPoints(raw: string): number | null {
  const text = raw.trim().replace("，", ".").replace(",", ".");
  if (!/^\d{1,3}(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  const half = value * 2;
  return Number.isInteger(half) ? half : null;
}

export function fromHalfPoints(half: number): number {
  return half / 2;
}

/** The sheet's total in points (the rubric's max points add up to 100). */
export function sheetTotal(halfPoints: number[]): number {
  return halfPoints.reduce((a, b) => a + b, 0) / 2;
}

export type SheetInput = {
  intent: "save" | "submit";
  version: number;
  comment: string;
  /** criterion id → half-points; missing criteria are allowed in a draft, not on submit. */
  points: Map<number, number>;
};

/**
 * Reads a score-sheet form (fields `points.<criterionId>`, `comment`, `version`, `intent`) against
 * the rubric. Returns field errors keyed like the form's fields; a draft may leave points empty.
 */
export function parseSheetForm(
  form: FormData,
  rubric: RubricLine[],
): { ok: true; value: SheetInput } | { ok: false; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const intent = form.get("intent") === "submit" ? "submit" : "save";
  // Version 0 means "no sheet yet"; at most 9 digits, so it fits the integer column.
  const rawVersion = form.get("version");
  const version =
    rawVersion === null || rawVersion === ""
      ? 0
      : typeof rawVersion === "string" && /^\d{1,9}$/.test(rawVersion.trim())
        ? Number(rawVersion)
        : -1;
  const comment = String(form.get("comment") ?? "").trim();
  if (version < 0) errors[""] = ["form.invalid"];
  if ([...comment].length > 2000) errors.comment = [messageWithParams("form.tooLong", { max: 2000 })];
  else if (!hasNoControlCharacters(comment)) errors.comment = ["form.controlCharacters"];
  const points = new Map<number, number>();
  for (const line of rubric) {
    const field = `points.${line.id}`;
    const raw = String(form.get(field) ?? "").trim();
    if (raw === "") {
      if (intent === "submit") errors[field] = ["form.required"];
      continue;
    }
    const half = toHalfPoints(raw);
    if (half === null) {
      errors[field] = ["sheet.pointsFormat"];
    } else if (half > line.maxPoints * 2) {
      errors[field] = [messageWithParams("sheet.pointsRange", { max: line.maxPoints })];
    } else {
      points.set(line.id, half);
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { intent, version, comment, points } };
}

/** The schema of the organizer's reopen form. */
export const ReopenSchema = z.object({ reason: text(500) });
