import { parseWithZod } from "@conform-to/zod/v4";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as authSchemas from "~/modules/auth/reset-schema";
import * as loginSchemas from "~/modules/auth/schema";
import * as editionSchemas from "~/modules/editions/schema";
import * as entrySchemas from "~/modules/entries/schema";
import { isMessageKey } from "~/modules/i18n/i18n";
import * as judgingSchemas from "~/modules/judging/schema";
import * as scoringSchemas from "~/modules/judging/scoring";
import { parseSheetForm } from "~/modules/judging/scoring";
import * as unitSchemas from "~/modules/units/schema";
import { fieldNames, hostileForm, hostileString, hostileValue, pageForm, RUNS, toFormData } from "./hostile";

/*
 * Every zod schema the modules export (found by walking the modules' exports, so a new schema is
 * fuzzed without touching this file) gets hostile input: it must answer with a verdict, never
 * throw, and a form's errors must be message keys the page can translate.
 */
const modules = {
  auth: { ...loginSchemas, ...authSchemas },
  editions: editionSchemas,
  entries: entrySchemas,
  judging: { ...judgingSchemas, ...scoringSchemas },
  units: unitSchemas,
};

const schemas: [string, z.ZodType][] = Object.entries(modules).flatMap(([area, exports]) =>
  Object.entries(exports)
    .filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType)
    .map(([name, schema]) => [`${area}.${name}`, schema] as [string, z.ZodType]),
);

/** Schemas that check stored data, not a form: only the "never throws" property applies. */
const NOT_FORMS = new Set(["judging.JudgeInvitationPayloadSchema"]);

/** A message is a locale key, optionally with parameters ("form.tooLong|{\"max\":40}"). */
function isTranslatable(message: string): boolean {
  const [key, params] = message.split("|", 2);
  if (!key || !isMessageKey(key)) return false;
  if (params === undefined) return true;
  try {
    return typeof JSON.parse(params) === "object";
  } catch {
    return false;
  }
}

describe("zod schemas under hostile input", () => {
  it("finds the schemas the forms use", () => {
    const names = schemas.map(([n]) => n);
    expect(names).toEqual(
      expect.arrayContaining([
        "auth.LoginSchema",
        "units.RegistrationSchema",
        "editions.EditionSchema",
        "entries.EntryDraftSchema",
        "judging.JudgeInviteSchema",
        "judging.ReopenSchema",
      ]),
    );
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const [name, schema] of schemas) expect(fieldNames(schema).length, name).toBeGreaterThan(0);
  });

  describe.each(schemas)("%s", (_name, schema) => {
    const fields = fieldNames(schema);

    it("answers any value, of any type, with a verdict and never throws", () => {
      fc.assert(
        fc.property(hostileValue(), (value) => {
          const result = schema.safeParse(value);
          expect(typeof result.success).toBe("boolean");
        }),
        { numRuns: RUNS },
      );
    });

    it.skipIf(NOT_FORMS.has(_name))(
      "answers what a user can type with field messages the page can translate",
      () => {
        fc.assert(
          fc.property(pageForm(schema), (pairs) => {
            const submission = parseWithZod(toFormData(pairs), { schema });
            if (submission.status === "success") return;
            for (const message of Object.values(submission.error ?? {}).flat()) {
              expect(isTranslatable(message ?? ""), `untranslatable message ${JSON.stringify(message)}`).toBe(
                true,
              );
            }
          }),
          { numRuns: RUNS },
        );
      },
    );

    it("refuses a tampered form (hidden fields changed, fields repeated, extra fields) without throwing", () => {
      fc.assert(
        fc.property(hostileForm(fields), (pairs) => {
          const submission = parseWithZod(toFormData(pairs), { schema });
          expect(["success", "error"]).toContain(submission.status);
          if (submission.status === "success") return;
          for (const message of Object.values(submission.error ?? {}).flat())
            expect(typeof message).toBe("string");
        }),
        { numRuns: RUNS },
      );
    });
  });
});

describe("the score sheet form (parsed without zod)", () => {
  const rubric = [
    { id: 1, name: "内容", maxPoints: 40 },
    { id: 2, name: "传播", maxPoints: 60 },
  ];
  it("answers a hostile form with field messages, never throws", () => {
    fc.assert(
      fc.property(hostileForm(["intent", "version", "comment", "points.1", "points.2"]), (pairs) => {
        const result = parseSheetForm(toFormData(pairs), rubric);
        if (result.ok) {
          for (const half of result.value.points.values()) expect(Number.isInteger(half)).toBe(true);
          return;
        }
        for (const message of Object.values(result.errors).flat()) expect(isTranslatable(message)).toBe(true);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("keeps hostile strings as strings (regression examples)", () => {
    for (const s of ["\ud800", "\u0000", "a".repeat(100_000)]) {
      expect(() =>
        parseSheetForm(
          toFormData([
            ["comment", s],
            ["version", "0"],
          ]),
          rubric,
        ),
      ).not.toThrow();
    }
    fc.assert(
      fc.property(hostileString(), (s) => typeof s === "string"),
      { numRuns: 5 },
    );
  });
});

describe("regression examples found by the fuzzer", () => {
  const messages = (schema: z.ZodType, pairs: [string, string][]) => {
    const submission = parseWithZod(toFormData(pairs), { schema });
    return (submission.status === "error" ? submission.error : null) ?? {};
  };

  it("asks for a reopen reason in words the page translates, empty or too long", () => {
    expect(messages(scoringSchemas.ReopenSchema, [])).toEqual({ reason: ["form.required"] });
    expect(messages(scoringSchemas.ReopenSchema, [["reason", "x".repeat(501)]]).reason?.[0]).toMatch(
      /^form\.tooLong\|/,
    );
  });

  it("refuses control characters in text (PostgreSQL refuses NUL) but keeps tabs and line breaks", () => {
    const review = (reason: string) =>
      messages(entrySchemas.ReviewSchema, [
        ["intent", "reject"],
        ["reason", reason],
      ]);
    expect(review("a\u0000b").reason).toEqual(["form.controlCharacters"]);
    expect(review("a\u001bb").reason).toEqual(["form.controlCharacters"]);
    expect(review("第一行\n第二行\t完").reason).toBeUndefined();
  });

  it("answers a broken entry form (version or intent tampered) with a message, not zod's English", () => {
    expect(messages(entrySchemas.EntryDraftSchema, [["version", "abc"]]).version).toEqual(["form.invalid"]);
    expect(messages(entrySchemas.EntryDraftSchema, []).version).toEqual(["form.invalid"]);
    expect(
      messages(entrySchemas.EntryDraftSchema, [
        ["version", "1"],
        ["intent", "\u0000"],
      ]).intent,
    ).toEqual(["form.invalid"]);
  });
});
