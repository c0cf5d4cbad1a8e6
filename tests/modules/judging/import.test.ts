import { describe, expect, it } from "vitest";
import { checkJudgeRows, JUDGE_HEADER_MAP, matchCategories } from "~/modules/judging/import";

const CATEGORIES = [
  { id: 1, code: "QWFB", name: "权威发布" },
  { id: 2, code: "RMCX", name: "融媒创新" },
  { id: 4, code: "DSP", name: "短视频" },
];

describe("judge import", () => {
  it("maps Chinese and English headers; credit and region codes are optional", () => {
    const header = JUDGE_HEADER_MAP.mapHeader(["姓名", "E-mail", "职称", "工作单位", "备注", "评审类别"]);
    expect(header.columns).toEqual(["name", "email", "title", "affiliation", null, "categories"]);
    expect(header.missing).toEqual([]);
    expect(JUDGE_HEADER_MAP.mapHeader(["Name", "Email"]).missing).toEqual([
      "title",
      "affiliation",
      "categories",
    ]);
    expect(JUDGE_HEADER_MAP.columnForHeader("统一社会信用代码（可选）")).toBe("creditCode");
    expect(JUDGE_HEADER_MAP.columnForHeader("Region code")).toBe("regionCode");
  });

  it("matches categories by code in any case or by name, with any of the usual separators", () => {
    expect(matchCategories("QWFB;DSP", CATEGORIES)).toEqual({ ids: [1, 4], unknown: [] });
    expect(matchCategories("权威发布、融媒创新", CATEGORIES)).toEqual({ ids: [1, 2], unknown: [] });
    expect(matchCategories("qwfb， dsp ,QWFB", CATEGORIES)).toEqual({ ids: [1, 4], unknown: [] });
    expect(matchCategories("QWFB；民生服务", CATEGORIES)).toEqual({ ids: [1], unknown: ["民生服务"] });
  });

  it("gives each refused row its reasons, including emails repeated in the file", () => {
    const good = {
      name: "甲",
      email: "a@example.cn",
      title: "教授",
      affiliation: "某大学",
      categories: "QWFB",
    };
    const checked = checkJudgeRows(
      [
        { row: 2, values: good },
        { row: 3, values: { ...good, name: "乙", email: "A@example.cn" } },
        { row: 4, values: { ...good, email: "b@example.cn", categories: "XXXX" } },
        { row: 5, values: { ...good, email: "c@example.cn", regionCode: "4419", creditCode: "123" } },
        { row: 6, values: { ...good, email: "d@example.cn", categories: " ; " } },
      ],
      CATEGORIES,
    );
    expect(checked.map((c) => c.value !== null)).toEqual([true, false, false, false, false]);
    expect(checked[0]?.value).toMatchObject({ email: "a@example.cn", categoryIds: [1], regionCode: "" });
    expect(checked[1]?.reasons).toEqual([{ column: "email", message: 'import.duplicateEmail|{"row":2}' }]);
    expect(checked[2]?.reasons).toEqual([
      { column: "categories", message: 'judgeImport.unknownCategory|{"category":"XXXX"}' },
    ]);
    expect(checked[3]?.reasons.map((r) => `${r.column}:${r.message}`).sort()).toEqual([
      "creditCode:unit.creditCode.length",
      "regionCode:judge.regionCodeFormat",
    ]);
    expect(checked[4]?.reasons).toEqual([{ column: "categories", message: "form.required" }]);
  });
});
