import { z } from "zod";
import { optionalText, text } from "~/modules/forms/fields";

/*
 * The forms of the organizer's results page, one schema for the browser and the server: run the
 * tally, set an entry's tier by hand (a tier of its category or "none" for no award, always with a
 * written reason), or remove that override; keep or void a sheet scored before a conflict was
 * recorded. Messages are locale keys.
 */

export const OVERRIDE_REASON_MAX = 500;

const entryId = z.number({ error: "form.required" }).int().positive();
const assignmentId = z.number({ error: "form.required" }).int().positive();

export const ResultsActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("tally") }),
  z.object({
    intent: z.literal("override"),
    entryId,
    /** A tier id, or "none" for no award. */
    tier: z.string({ error: "form.required" }).regex(/^(none|\d{1,9})$/, "form.invalid"),
    reason: text(OVERRIDE_REASON_MAX),
  }),
  z.object({ intent: z.literal("clear"), entryId, reason: optionalText(OVERRIDE_REASON_MAX) }),
  z.object({ intent: z.literal("keepSheet"), assignmentId }),
  z.object({ intent: z.literal("voidSheet"), assignmentId }),
]);

export type ResultsAction = z.infer<typeof ResultsActionSchema>;
