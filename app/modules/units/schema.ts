import { z } from "zod";
import { PLATFORMS } from "#db/schema/editions";
import { UNIT_LEVELS, type UNIT_STATUSES, UNIT_TYPES } from "#db/schema/units";
import { hasNoControlCharacters, optionalText, text } from "~/modules/forms/fields";
import { type MessageKey, messageWithParams } from "~/modules/i18n/i18n";
import {
  type CreditCodeProblem,
  creditCodeDivision,
  creditCodeProblem,
  normalizeCreditCode,
} from "./credit-code";
import { proposeRegionName } from "./regions";

/*
 * The units' forms: registration, accounts, invitations and the rows of an import file. One schema
 * each, used by the browser and the server; messages are locale keys.
 */

export type UnitLevel = (typeof UNIT_LEVELS)[number];
export type UnitType = (typeof UNIT_TYPES)[number];
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const PASSWORD_MIN = 10;
export const MOBILE = /^1[3-9]\d{9}$/;
/** A WeChat official account's original ID. */
export const WECHAT_ORIGINAL_ID = /^gh_[0-9a-f]{12}$/i;

const required = {
  error: (issue: { input: unknown }) => (issue.input === undefined ? "form.required" : "form.invalid"),
};

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, MessageKey> = {
  length: "unit.creditCode.length",
  character: "unit.creditCode.character",
  checkDigit: "unit.creditCode.checkDigit",
};

/** 统一社会信用代码, normalized (upper case, no spaces), with one message per kind of mistake. */
export function creditCodeField() {
  return z
    .string(required)
    .transform(normalizeCreditCode)
    .superRefine((code, ctx) => {
      if (code === "") {
        ctx.addIssue({ code: "custom", message: "form.required" });
        return;
      }
      const problem = creditCodeProblem(code);
      if (problem) ctx.addIssue({ code: "custom", message: CREDIT_CODE_MESSAGES[problem] });
    });
}

/** A mainland mobile number; spaces, dashes and a leading +86 are dropped. */
export function mobileField() {
  return z
    .string(required)
    .transform((v) => v.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, ""))
    .refine((v) => MOBILE.test(v), "unit.phoneFormat");
}

export function emailField() {
  return z.string(required).trim().toLowerCase().max(254, "form.email").email("form.email");
}

export function passwordField() {
  return z
    .string(required)
    .min(PASSWORD_MIN, messageWithParams("register.passwordTooShort", { min: PASSWORD_MIN }))
    .max(256, messageWithParams("form.tooLong", { max: 256 }));
}

/* ---------- level and type, with the words people write in a spreadsheet ---------- */

export const LEVEL_ALIASES: Readonly<Record<string, UnitLevel>> = {
  省: "province",
  省级: "province",
  市: "city",
  市级: "city",
  地市: "city",
  地级市: "city",
  区县: "county",
  区县级: "county",
  区: "county",
  县: "county",
  县级: "county",
  镇街: "town",
  镇: "town",
  街道: "town",
  乡镇: "town",
};

export const TYPE_ALIASES: Readonly<Record<string, UnitType>> = {
  部门: "department",
  政府部门: "department",
  区县: "district",
  镇街: "town",
  镇: "town",
  街道: "town",
  医院: "hospital",
  媒体: "media",
  其他: "other",
};

function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  aliases: Readonly<Record<string, T[number]>>,
  invalid: MessageKey,
) {
  return z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const s = v.trim();
      if (s === "") return undefined;
      return aliases[s] ?? s.toLowerCase();
    },
    z.enum(values, { error: (i) => (i.input === undefined ? "form.required" : invalid) }),
  );
}

export function levelField() {
  return choice(UNIT_LEVELS, LEVEL_ALIASES, "unit.levelInvalid");
}

export function typeField() {
  return choice(UNIT_TYPES, TYPE_ALIASES, "unit.typeInvalid");
}

/**
 * Fills an empty region from the credit code's division before the fields are checked, so the
 * server proposes the same region the form does when the page's script has not run.
 */
export function withProposedRegion(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  const name = typeof r.regionName === "string" ? r.regionName.trim() : "";
  if (name || typeof r.creditCode !== "string") return raw;
  const proposal = proposeRegionName(creditCodeDivision(r.creditCode));
  return proposal ? { ...r, regionName: proposal } : raw;
}

/** The region proposed for a credit code as typed (for the form), or null. */
export function regionForCreditCode(input: string): string | null {
  return proposeRegionName(creditCodeDivision(input));
}

/* ---------- forms ---------- */

const unitFields = {
  name: text(120),
  creditCode: creditCodeField(),
  regionName: text(60),
  level: levelField(),
  type: typeField(),
  contactName: text(40),
  contactPhone: mobileField(),
};

function passwordsMatch(data: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) {
  if (data.password !== data.confirmPassword) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "register.passwordMismatch" });
  }
}

/** /register: the unit, its contact person (who becomes its first user) and a password. */
export const RegistrationSchema = z.preprocess(
  withProposedRegion,
  z
    .object({
      ...unitFields,
      contactEmail: emailField(),
      password: passwordField(),
      confirmPassword: z.string(required),
    })
    .superRefine(passwordsMatch),
);
export type RegistrationInput = z.infer<typeof RegistrationSchema>;

/** A unit invited by email registers itself; the email is the invitation's. */
export const InvitedRegistrationSchema = z.preprocess(
  withProposedRegion,
  z
    .object({
      ...unitFields,
      password: passwordField(),
      confirmPassword: z.string(required),
    })
    .superRefine(passwordsMatch),
);
export type InvitedRegistrationInput = z.infer<typeof InvitedRegistrationSchema>;

/** Someone invited into an existing unit (or an imported unit's contact) sets a name and password. */
export const AcceptInvitationSchema = z
  .object({
    name: text(40),
    password: passwordField(),
    confirmPassword: z.string(required),
  })
  .superRefine(passwordsMatch);
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationSchema>;

/** One row of an import file: the registration fields without a password. */
export const ImportRowSchema = z.preprocess(
  withProposedRegion,
  z.object({ ...unitFields, contactEmail: emailField() }),
);
export type ImportRowInput = z.infer<typeof ImportRowSchema>;

/** The organizer invites a unit by email; the name is only a greeting. */
export const UnitInviteSchema = z.object({
  email: emailField(),
  name: optionalText(120),
});
export type UnitInviteInput = z.infer<typeof UnitInviteSchema>;

/** A unit invites another of its people. */
export const UnitUserInviteSchema = z.object({
  email: emailField(),
  name: optionalText(40),
});
export type UnitUserInviteInput = z.infer<typeof UnitUserInviteSchema>;

/** The organizer's decision on a registration; a rejection needs a reason the unit will read. */
export const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), reason: optionalText(500) }),
  z.object({
    intent: z.literal("reject"),
    reason: z
      .string({ error: "unit.reasonRequired" })
      .trim()
      .min(1, "unit.reasonRequired")
      .max(500, messageWithParams("form.tooLong", { max: 500 }))
      .refine(hasNoControlCharacters, "form.controlCharacters"),
  }),
]);
export type ReviewInput = z.infer<typeof ReviewSchema>;

/* ---------- accounts ---------- */

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Why an account's ID or link is not acceptable for its platform, or null. */
export function accountHandleProblem(platform: string, handle: string): MessageKey | null {
  if (handle === "") return null;
  if (SCHEME.test(handle) || handle.startsWith("//")) {
    let url: URL;
    try {
      url = new URL(handle);
    } catch {
      return "account.linkFormat";
    }
    return url.protocol === "http:" || url.protocol === "https:" ? null : "account.linkFormat";
  }
  if (/\s/.test(handle)) return "account.handleSpaces";
  if (platform === "wechat" && handle.toLowerCase().startsWith("gh_") && !WECHAT_ORIGINAL_ID.test(handle)) {
    return "account.wechatIdFormat";
  }
  return null;
}

/** Whether a stored handle is a link to show as one. */
export function isAccountLink(handle: string): boolean {
  return /^https?:\/\//i.test(handle);
}

export const AccountSchema = z
  .object({
    platform: z.enum(PLATFORMS, { error: (i) => (i.input === undefined ? "form.required" : "form.invalid") }),
    name: text(60),
    handle: optionalText(500),
  })
  .superRefine((data, ctx) => {
    const problem = accountHandleProblem(data.platform, data.handle);
    if (problem) ctx.addIssue({ code: "custom", path: ["handle"], message: problem });
  });
export type AccountInput = z.infer<typeof AccountSchema>;

/* ---------- import ---------- */

/** The organizer's upload of an .xlsx or .csv file of units. */
export const ImportUploadSchema = z.object({
  file: z.instanceof(File, { message: "import.noFile" }).refine((f) => f.size > 0, "import.noFile"),
});
