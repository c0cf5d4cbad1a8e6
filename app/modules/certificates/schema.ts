import { z } from "zod";
import { hasNoControlCharacters } from "~/modules/forms/fields";
import { messageWithParams } from "~/modules/i18n/i18n";

/*
 * The forms of the organizer's certificates page, one schema for the browser and the server.
 * Messages are locale keys. Building the ZIP and uploading the seal have forms of their own (no
 * text to check; the seal is checked as a file).
 */

export const REVOKE_REASON_MAX = 1000;

const certificateId = z.number({ error: "form.invalid" }).int().positive().max(2_147_483_647, "form.invalid");

export const CertificateActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("revoke"),
    certificateId,
    reason: z
      .string({ error: "certificate.revokeReasonRequired" })
      .trim()
      .min(1, "certificate.revokeReasonRequired")
      .max(REVOKE_REASON_MAX, messageWithParams("form.tooLong", { max: REVOKE_REASON_MAX }))
      .refine(hasNoControlCharacters, "form.controlCharacters"),
  }),
  z.object({ intent: z.literal("reissue"), certificateId }),
]);
