import { z } from "zod";
import { CATEGORY_KINDS, PLATFORMS } from "#db/schema/editions";
import {
  checkbox,
  optionalDate,
  optionalDateTime,
  optionalText,
  text,
  wholeNumber,
} from "~/modules/forms/fields";
import { messageWithParams } from "~/modules/i18n/i18n";

/* The edition and category forms: one schema each, used by the browser and the server. */

export const RUBRIC_TOTAL = 100;

function after(data: Record<string, unknown>, ctx: z.RefinementCtx, startKey: string, endKey: string) {
  const start = data[startKey];
  const end = data[endKey];
  if (typeof start === "string" && typeof end === "string" && end < start) {
    ctx.addIssue({ code: "custom", path: [endKey], message: "form.endBeforeStart" });
  }
}

export const EditionSchema = z
  .object({
    name: text(120),
    slug: z
      .string({ error: (i) => (i.input === undefined ? "form.required" : "form.invalid") })
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, "edition.slugFormat"),
    year: wholeNumber(2000, 2100),
    organizers: text(500),
    description: optionalText(4000),
    statsFrom: optionalDate(),
    statsTo: optionalDate(),
    submissionOpensAt: optionalDateTime(),
    submissionClosesAt: optionalDateTime(),
    judgingStartsAt: optionalDateTime(),
    judgingEndsAt: optionalDateTime(),
    noticeStartsAt: optionalDateTime(),
    noticeEndsAt: optionalDateTime(),
    ceremonyAt: optionalDateTime(),
    judgesPerEntry: wholeNumber(1, 20),
    blindReview: checkbox(),
    conflictSameRegion: checkbox(),
    entriesPerUnitPerCategory: wholeNumber(1, 50),
    trimFrom: wholeNumber(3, 50),
    dataWeightPercent: wholeNumber(0, 100),
    normaliseScores: checkbox(),
  })
  .superRefine((data, ctx) => {
    after(data, ctx, "statsFrom", "statsTo");
    after(data, ctx, "submissionOpensAt", "submissionClosesAt");
    after(data, ctx, "judgingStartsAt", "judgingEndsAt");
    after(data, ctx, "noticeStartsAt", "noticeEndsAt");
    after(data, ctx, "submissionClosesAt", "judgingStartsAt");
  });

export type EditionInput = z.infer<typeof EditionSchema>;

export const TierSchema = z.object({
  name: text(40),
  quota: wholeNumber(0, 10000),
});

export const CriterionSchema = z.object({
  name: text(40),
  descriptor: optionalText(500),
  maxPoints: wholeNumber(1, 100),
});

export const CategorySchema = z
  .object({
    code: z
      .string({ error: (i) => (i.input === undefined ? "form.required" : "form.invalid") })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2,8}$/, "category.codeFormat"),
    name: text(60),
    kind: z.enum(CATEGORY_KINDS, { error: "form.required" }),
    description: optionalText(2000),
    requiresVideo: checkbox(),
    summaryMaxLength: wholeNumber(50, 10000),
    platforms: z
      .array(z.enum(PLATFORMS, { error: "form.invalid" }), { error: "category.platformsRequired" })
      .min(1, "category.platformsRequired"),
    tiers: z.array(TierSchema, { error: "category.tiersRequired" }).min(1, "category.tiersRequired"),
    criteria: z
      .array(CriterionSchema, { error: "category.criteriaRequired" })
      .min(1, "category.criteriaRequired"),
  })
  .superRefine((data, ctx) => {
    const problem = rubricProblem(data.criteria.map((c) => c.maxPoints));
    if (problem) ctx.addIssue({ code: "custom", path: ["criteria"], message: problem });
    const seen = new Set<string>();
    data.tiers.forEach((tier, i) => {
      if (seen.has(tier.name)) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "name"], message: "category.tierDuplicate" });
      }
      seen.add(tier.name);
    });
  });

export type CategoryInput = z.infer<typeof CategorySchema>;

/** Why a rubric's max points are not acceptable (they must add up to exactly 100), or null. */
export function rubricProblem(maxPoints: number[]): string | null {
  if (maxPoints.length === 0) return "category.criteriaRequired";
  const sum = maxPoints.reduce((a, b) => a + b, 0);
  if (sum !== RUBRIC_TOTAL) return messageWithParams("category.rubricSum", { sum, total: RUBRIC_TOTAL });
  return null;
}

export const PhaseChangeSchema = z.object({
  intent: z.literal("phase"),
  to: z.enum(["draft", "open", "review", "judging", "tallied", "notice", "published", "archived"], {
    error: "form.invalid",
  }),
});
