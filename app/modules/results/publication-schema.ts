import { z } from "zod";
import { optionalDateTime, text, wholeNumber } from "~/modules/forms/fields";

/*
 * The forms of the notice and results pages: the public objection form and the organizer's
 * decisions on the publication page. Messages are locale keys (see app/locales/<locale>/results-public.ts).
 */

/** Mainland China mobile numbers: 11 digits starting 13–19. */
export const MOBILE = /^1[3-9]\d{9}$/;
export const OBJECTION_REASON_MAX = 2000;
/** At most this many objections from one address within the window (counted in the database). */
export const OBJECTION_THROTTLE = { max: 5, windowMs: 3_600_000 } as const;

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => v ?? "");

export const ObjectionSchema = z
  .object({
    // 实名: a real name is at least two characters; a single character or initials are not a name.
    name: text(50).refine((v) => v.length >= 2, "objection.nameTooShort"),
    phone: optionalString.refine(
      (v) => v === "" || MOBILE.test(v.replace(/[\s-]/g, "")),
      "objection.phoneInvalid",
    ),
    email: optionalString.refine((v) => v === "" || z.email().safeParse(v).success, "form.email"),
    entryId: wholeNumber(1, 2_000_000_000),
    reason: text(OBJECTION_REASON_MAX),
  })
  .superRefine((v, ctx) => {
    if (v.phone === "" && v.email === "") {
      ctx.addIssue({ code: "custom", path: ["phone"], message: "objection.contactRequired" });
    }
  })
  .transform((v) => ({ ...v, phone: v.phone.replace(/[\s-]/g, ""), email: v.email.toLowerCase() }));
export type ObjectionInput = z.output<typeof ObjectionSchema>;

export const NoticePeriodSchema = z.object({
  intent: z.literal("period"),
  noticeEndsAt: optionalDateTime().refine((v) => v !== undefined, "form.required"),
});

export const DECISIONS = ["dismiss", "remove", "retier"] as const;
export type Decision = (typeof DECISIONS)[number];

export const DecideSchema = z
  .object({
    intent: z.literal("decide"),
    objectionId: wholeNumber(1, 2_000_000_000),
    decision: z.enum(DECISIONS, { error: "objection.decisionRequired" }),
    tierId: z.preprocess(
      (v) => (v === "" || v === undefined ? undefined : Number(v)),
      z.number().int().optional(),
    ),
    reply: text(2000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "retier" && v.tierId === undefined) {
      ctx.addIssue({ code: "custom", path: ["tierId"], message: "objection.tierRequired" });
    }
  });
export type DecideInput = z.output<typeof DecideSchema>;

export const CorrectionSchema = z.object({
  intent: z.literal("correct"),
  entryId: wholeNumber(1, 2_000_000_000),
  /** "none" removes the award. */
  tier: z.string({ error: "form.required" }).regex(/^(none|\d{1,9})$/, "form.invalid"),
  reason: text(1000),
});
export type CorrectionInput = z.output<typeof CorrectionSchema>;
