import { z } from "zod";
import { optionalText, text } from "~/modules/forms/fields";
import { creditCodeField, emailField } from "~/modules/units/schema";

/*
 * The judges' and conflicts' forms: inviting a judge, an organizer editing a judge's profile and
 * panels, the rows of an import file, and declaring or removing conflicts. Messages are locale keys.
 */

/** GB/T 2260 division code of the judge's city, e.g. 441900 东莞 or 440100 广州. */
export const REGION_CODE = /^\d{6}$/;

export function optionalRegionCode() {
  return z
    .string()
    .trim()
    .regex(REGION_CODE, "judge.regionCodeFormat")
    .optional()
    .transform((v) => v ?? "");
}

/** An optional 统一社会信用代码 linking the affiliation to a registered unit. */
export function optionalCreditCode() {
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    creditCodeField().optional(),
  );
}

function id(message: string) {
  return z.preprocess(
    (v) => (v === undefined || v === "" ? undefined : Number(v)),
    z.number({ error: message }).int(message).positive(message),
  );
}

/** The categories (ids) a judge judges; at least one. One checked box arrives as a single value. */
export function categoryIdsField() {
  return z.preprocess(
    (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
    z
      .array(id("form.invalid"), { error: "judge.categoriesRequired" })
      .min(1, "judge.categoriesRequired")
      .transform((ids) => [...new Set(ids)]),
  );
}

const profileFields = {
  title: text(60),
  affiliation: text(120),
  unitCreditCode: optionalCreditCode(),
  regionCode: optionalRegionCode(),
  categoryIds: categoryIdsField(),
};

/** The organizer invites a judge by email to one edition's panels. */
export const JudgeInviteSchema = z.object({
  email: emailField(),
  name: text(40),
  ...profileFields,
});
export type JudgeInviteInput = z.infer<typeof JudgeInviteSchema>;

/** The organizer edits a judge's profile and their panels in one edition. */
export const JudgeProfileSchema = z.object({
  intent: z.literal("profile"),
  name: text(40),
  ...profileFields,
});
export type JudgeProfileInput = z.infer<typeof JudgeProfileSchema>;

/** What a judge invitation carries until it is accepted. */
export const JudgeInvitationPayloadSchema = z.object({
  editionId: z.number().int(),
  title: z.string(),
  affiliation: z.string(),
  unitId: z.number().int().nullable().optional(),
  regionCode: z.string().optional(),
  categoryIds: z.array(z.number().int()),
});
export type JudgeInvitationPayload = z.infer<typeof JudgeInvitationPayloadSchema>;

/** One row of a judges import file, before its categories are matched to the edition's. */
export const JudgeImportRowSchema = z.object({
  name: text(40),
  email: emailField(),
  title: text(60),
  affiliation: text(120),
  creditCode: optionalCreditCode(),
  regionCode: optionalRegionCode(),
  categories: text(500),
});
export type JudgeImportRowInput = z.infer<typeof JudgeImportRowSchema>;

/* ---------- conflicts ---------- */

const reason = optionalText(200);

/** A judge declares (or withdraws) a conflict with a unit in one edition. */
export const JudgeConflictSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("declare"),
    editionId: id("form.invalid"),
    unitId: id("conflict.unitRequired"),
    reason,
  }),
  z.object({ intent: z.literal("withdraw"), editionId: id("form.invalid"), conflictId: id("form.invalid") }),
]);
export type JudgeConflictInput = z.infer<typeof JudgeConflictSchema>;

/** The organizer adds or removes a conflict of one judge. */
export const OrganizerConflictSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("addConflict"), unitId: id("conflict.unitRequired"), reason }),
  z.object({ intent: z.literal("removeConflict"), conflictId: id("form.invalid") }),
]);
export type OrganizerConflictInput = z.infer<typeof OrganizerConflictSchema>;

/** The judge's reason when recusing themselves from an assigned entry. */
export const RecuseSchema = z.object({ reason: text(200) });
