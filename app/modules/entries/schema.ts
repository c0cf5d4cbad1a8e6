import { z } from "zod";
import { PLATFORMS } from "#db/schema/editions";
import { hasNoControlCharacters, optionalDate, optionalText, text } from "~/modules/forms/fields";
import { messageWithParams } from "~/modules/i18n/i18n";

/* The entry form. A draft saves with any field empty; submit() checks completeness separately. */

export const SUMMARY_HARD_LIMIT = 10000;

function optionalUrl() {
  return z
    .string()
    .trim()
    .max(2000, messageWithParams("form.tooLong", { max: 2000 }))
    .refine(hasNoControlCharacters, "entry.linkFormat")
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === "http:" || u.protocol === "https:";
      } catch {
        return false;
      }
    }, "entry.linkFormat")
    .optional()
    .transform((v) => v ?? "");
}

function optionalMetric() {
  return z.preprocess(
    (v) =>
      v === undefined || v === null || v === "" ? undefined : Number(String(v).replace(/[,，\s]/g, "")),
    z
      .number({ error: "entry.metricFormat" })
      .int("entry.metricFormat")
      .min(0, "entry.metricFormat")
      .max(1e13, "entry.metricFormat")
      .optional(),
  );
}

export const EntryDraftSchema = z.object({
  intent: z.enum(["save", "submit"], { error: "form.invalid" }).default("save"),
  // A hidden input: a wrong value is a tampered or broken page, still answered with a message.
  version: z.coerce.number({ error: "form.invalid" }).int("form.invalid").min(1, "form.invalid"),
  title: optionalText(200),
  accountId: z.preprocess(
    (v) => (v === undefined || v === "" ? undefined : Number(v)),
    z.number({ error: "form.invalid" }).int().positive().optional(),
  ),
  platform: z.enum(PLATFORMS, { error: "form.invalid" }).optional(),
  link: optionalUrl(),
  publishDate: optionalDate(),
  summary: optionalText(SUMMARY_HARD_LIMIT),
  videoLink: optionalUrl(),
  reads: optionalMetric(),
  plays: optionalMetric(),
  likes: optionalMetric(),
  shares: optionalMetric(),
  comments: optionalMetric(),
});

export type EntryDraftInput = z.infer<typeof EntryDraftSchema>;

export const NewEntrySchema = z.object({
  categoryId: z.coerce.number({ error: "form.required" }).int().positive(),
});

export const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({
    intent: z.literal("return"),
    reason: text(2000),
    revisionDeadline: z
      .string({ error: "form.required" })
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "form.dateTime"),
  }),
  z.object({
    intent: z.literal("reject"),
    reason: text(2000),
  }),
]);
