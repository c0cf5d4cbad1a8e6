import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { CategorySchema, EditionSchema, rubricProblem } from "~/modules/editions/schema";
import { toParams } from "../../support/app";

function form(values: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [k, v] of toParams(values)) data.append(k, v);
  return data;
}

const goodCategory = {
  code: "qwfb",
  name: "权威发布",
  kind: "case",
  platforms: ["weibo", "wechat"],
  summaryMaxLength: "800",
  "tiers[0].name": "一等奖",
  "tiers[0].quota": "2",
  "criteria[0].name": "时效性",
  "criteria[0].maxPoints": "60",
  "criteria[1].name": "传播力",
  "criteria[1].maxPoints": "40",
};

describe("rubric validation", () => {
  it("accepts max points adding up to exactly 100", () => {
    expect(rubricProblem([25, 25, 20, 15, 15])).toBeNull();
  });

  it("names the sum when it is not 100", () => {
    expect(rubricProblem([25, 25, 20, 15])).toBe('category.rubricSum|{"sum":85,"total":100}');
    expect(rubricProblem([60, 50])).toContain('"sum":110');
    expect(rubricProblem([])).toBe("category.criteriaRequired");
  });

  it("puts the rubric error on the criteria field of the category form", () => {
    const result = parseWithZod(form({ ...goodCategory, "criteria[1].maxPoints": "30" }), {
      schema: CategorySchema,
    });
    expect(result.status).toBe("error");
    expect(result.reply().error?.criteria).toEqual(['category.rubricSum|{"sum":90,"total":100}']);
  });

  it("accepts a good category, upper-casing its code and reading the platform list", () => {
    const result = parseWithZod(form(goodCategory), { schema: CategorySchema });
    expect(result.status).toBe("success");
    if (result.status !== "success") return;
    expect(result.value.code).toBe("QWFB");
    expect(result.value.platforms).toEqual(["weibo", "wechat"]);
    expect(result.value.tiers).toEqual([{ name: "一等奖", quota: 2 }]);
  });

  it("accepts a single platform (one checkbox ticked)", () => {
    const result = parseWithZod(form({ ...goodCategory, platforms: ["douyin"] }), { schema: CategorySchema });
    expect(result.status).toBe("success");
  });
});

describe("quota validation", () => {
  it("refuses negative, fractional and missing quotas with field messages", () => {
    for (const [quota, message] of [
      ["-1", 'form.between|{"min":0,"max":10000}'],
      ["1.5", "form.wholeNumber"],
      ["abc", "form.wholeNumber"],
      ["", "form.required"],
    ] as const) {
      const result = parseWithZod(form({ ...goodCategory, "tiers[0].quota": quota }), {
        schema: CategorySchema,
      });
      expect(result.reply().error?.["tiers[0].quota"], quota).toEqual([message]);
    }
  });

  it("refuses a category without tiers or platforms and duplicate tier names", () => {
    const noTiers = Object.fromEntries(Object.entries(goodCategory).filter(([k]) => !k.startsWith("tiers")));
    expect(parseWithZod(form(noTiers), { schema: CategorySchema }).reply().error?.tiers).toEqual([
      "category.tiersRequired",
    ]);
    const noPlatforms = Object.fromEntries(Object.entries(goodCategory).filter(([k]) => k !== "platforms"));
    expect(parseWithZod(form(noPlatforms), { schema: CategorySchema }).reply().error?.platforms).toEqual([
      "category.platformsRequired",
    ]);
    const dup = { ...goodCategory, "tiers[1].name": "一等奖", "tiers[1].quota": "3" };
    expect(parseWithZod(form(dup), { schema: CategorySchema }).reply().error?.["tiers[1].name"]).toEqual([
      "category.tierDuplicate",
    ]);
  });
});

describe("edition form", () => {
  const good = {
    name: "2024 政务新媒体优秀案例",
    slug: "gd-2024",
    year: "2024",
    organizers: "南方日报社",
    judgesPerEntry: "5",
    entriesPerUnitPerCategory: "3",
    trimFrom: "5",
    dataWeightPercent: "20",
  };

  it("accepts a complete edition", () => {
    const result = parseWithZod(form({ ...good, blindReview: "on" }), { schema: EditionSchema });
    expect(result.status).toBe("success");
    if (result.status === "success") expect(result.value.blindReview).toBe(true);
  });

  it("gives each bad field its own message", () => {
    const result = parseWithZod(
      form({
        ...good,
        name: "",
        slug: "Bad Slug!",
        year: "1999",
        dataWeightPercent: "120",
      }),
      { schema: EditionSchema },
    );
    const errors = result.reply().error ?? {};
    expect(errors.name).toEqual(["form.required"]);
    expect(errors.slug).toEqual(["edition.slugFormat"]);
    expect(errors.year).toEqual(['form.between|{"min":2000,"max":2100}']);
    expect(errors.dataWeightPercent).toEqual(['form.between|{"min":0,"max":100}']);
  });

  it("refuses a window that ends before it starts, on the end field", () => {
    const result = parseWithZod(
      form({
        ...good,
        submissionOpensAt: "2024-06-01T09:00",
        submissionClosesAt: "2024-05-01T09:00",
        statsFrom: "2024-10-31",
        statsTo: "2024-01-01",
      }),
      { schema: EditionSchema },
    );
    const errors = result.reply().error ?? {};
    expect(errors.submissionClosesAt).toEqual(["form.endBeforeStart"]);
    expect(errors.statsTo).toEqual(["form.endBeforeStart"]);
    expect(errors.name).toBeUndefined();
  });
});
