import { z } from "zod";
import { messageWithParams } from "~/modules/i18n/i18n";

/*
 * Field builders for the forms' zod schemas. Messages are locale keys (see app/locales); the page
 * translates them, so one schema serves the browser and the server in both languages.
 * conform turns empty inputs into undefined, so "required" is the message for a missing value.
 */

const required = {
  error: (issue: { input: unknown }) => (issue.input === undefined ? "form.required" : "form.invalid"),
};

// Control characters other than tab and line breaks: nobody types them, and PostgreSQL refuses
// NUL in text outright (the save failed with a 500 where PGlite had stored it).
export function hasNoControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}

export function text(max: number) {
  return z
    .string(required)
    .trim()
    .min(1, "form.required")
    .max(max, messageWithParams("form.tooLong", { max }))
    .refine(hasNoControlCharacters, "form.controlCharacters");
}

export function optionalText(max: number) {
  return z
    .string(required)
    .trim()
    .max(max, messageWithParams("form.tooLong", { max }))
    .refine(hasNoControlCharacters, "form.controlCharacters")
    .optional()
    .transform((v) => v ?? "");
}

/** A whole number between min and max; "required" when left empty. */
export function wholeNumber(min: number, max: number) {
  const between = messageWithParams("form.between", { min, max });
  return z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? undefined : Number(v)),
    z
      .number({
        error: (issue) => (issue.input === undefined ? "form.required" : "form.wholeNumber"),
      })
      .int("form.wholeNumber")
      .min(min, between)
      .max(max, between),
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as typed in <input type="date"> (YYYY-MM-DD), optional. */
export function optionalDate() {
  return z
    .string()
    .regex(DATE, "form.date")
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "form.date")
    .optional();
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * A moment as typed in <input type="datetime-local"> (YYYY-MM-DDTHH:mm), optional. Times are
 * entered and shown in China Standard Time (UTC+8), the organizers' time zone.
 */
export function optionalDateTime() {
  return z.string().regex(DATETIME, "form.dateTime").optional();
}

export function checkbox() {
  return z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true" || v === "1");
}
