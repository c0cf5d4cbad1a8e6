import { describe, expect, it } from "vitest";
import { zhCN } from "~/locales/zh-CN";
import { isMessageKey, translateMessage, translator } from "~/modules/i18n/i18n";
import { withCheckCharacter } from "~/modules/units/credit-code";
import { checkImportRows, columnForHeader, mapHeader } from "~/modules/units/import";
import { proposeRegionName } from "~/modules/units/regions";
import {
  AccountSchema,
  accountHandleProblem,
  ImportRowSchema,
  RegistrationSchema,
  regionForCreditCode,
} from "~/modules/units/schema";

const code = (n: number) => withCheckCharacter(`11441900MB${String(2024000 + n).padStart(7, "0")}`);
const wrongCheck = (valid: string) => valid.slice(0, 17) + (valid.endsWith("0") ? "1" : "0");

const registration = {
  name: "东莞市某局",
  creditCode: code(1),
  regionName: "",
  level: "city",
  type: "department",
  contactName: "张三",
  contactPhone: "13800138000",
  contactEmail: "Contact@Example.cn",
  password: "long enough password",
  confirmPassword: "long enough password",
};

function messages(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("registration schema", () => {
  it("normalizes the code, lower-cases the email and proposes the region from the code", () => {
    const result = RegistrationSchema.safeParse({
      ...registration,
      creditCode: ` ${code(1).toLowerCase()} `,
    });
    expect(result.success).toBe(true);
    expect(result.data?.creditCode).toBe(code(1));
    expect(result.data?.contactEmail).toBe("contact@example.cn");
    expect(result.data?.regionName).toBe("广东省东莞市");
  });

  it("keeps a region the person typed", () => {
    const result = RegistrationSchema.safeParse({ ...registration, regionName: "东莞市南城街道" });
    expect(result.data?.regionName).toBe("东莞市南城街道");
  });

  it("tells each kind of credit-code mistake apart", () => {
    const cases: [string, string][] = [
      [wrongCheck(code(1)), "unit.creditCode.checkDigit"],
      [code(1).slice(0, 17), "unit.creditCode.length"],
      [`${code(1).slice(0, 16)}I${code(1).slice(17)}`, "unit.creditCode.character"],
    ];
    for (const [input, key] of cases) {
      expect(
        messages(RegistrationSchema.safeParse({ ...registration, creditCode: input })).creditCode,
        input,
      ).toBe(key);
    }
    expect(translator("zh-CN")("unit.creditCode.checkDigit")).toContain("校验位不正确");
  });

  it("accepts mainland mobile numbers only", () => {
    for (const ok of ["13800138000", "199 0000 0000", "+8615012345678"]) {
      expect(RegistrationSchema.safeParse({ ...registration, contactPhone: ok }).success, ok).toBe(true);
    }
    for (const bad of ["12800138000", "1380013800", "02012345678", "abc"]) {
      expect(
        messages(RegistrationSchema.safeParse({ ...registration, contactPhone: bad })).contactPhone,
        bad,
      ).toBe("unit.phoneFormat");
    }
  });

  it("wants a password of at least 10 characters, typed twice alike", () => {
    const short = messages(
      RegistrationSchema.safeParse({ ...registration, password: "short", confirmPassword: "short" }),
    );
    expect(translateMessage(translator("zh-CN"), short.password ?? "")).toBe("密码至少需要 10 个字符。");
    const mismatch = messages(
      RegistrationSchema.safeParse({ ...registration, confirmPassword: "something else" }),
    );
    expect(mismatch.confirmPassword).toBe("register.passwordMismatch");
  });
});

describe("regions from GB/T 2260 divisions", () => {
  it("names the demo cities, falls back to the province, and knows municipalities", () => {
    expect(proposeRegionName("441900")).toBe("广东省东莞市");
    expect(proposeRegionName("440106")).toBe("广东省广州市");
    expect(proposeRegionName("431100")).toBe("湖南省永州市");
    expect(proposeRegionName("410900")).toBe("河南省濮阳市");
    expect(proposeRegionName("445300")).toBe("广东省");
    expect(proposeRegionName("110105")).toBe("北京市");
    expect(proposeRegionName("990000")).toBeNull();
    expect(regionForCreditCode("91350100M000100Y43")).toBe("福建省福州市");
    expect(regionForCreditCode("A1B2C3")).toBeNull();
  });
});

describe("accounts", () => {
  it("checks WeChat original IDs and allows only http(s) links", () => {
    expect(accountHandleProblem("wechat", "gh_3a1b2c4d5e6f")).toBeNull();
    expect(accountHandleProblem("wechat", "gh_3a1b2c")).toBe("account.wechatIdFormat");
    expect(accountHandleProblem("wechat", "dongguanfabu")).toBeNull();
    expect(accountHandleProblem("weibo", "gh_anything")).toBeNull();
    expect(accountHandleProblem("weibo", "https://weibo.com/u/123")).toBeNull();
    expect(accountHandleProblem("weibo", "javascript:alert(1)")).toBe("account.linkFormat");
    expect(accountHandleProblem("weibo", "ftp://example.cn/x")).toBe("account.linkFormat");
    expect(accountHandleProblem("douyin", "two words")).toBe("account.handleSpaces");
    const parsed = AccountSchema.safeParse({ platform: "tiktok", name: "x" });
    expect(messages(parsed).platform).toBe("form.invalid");
  });
});

describe("import rows", () => {
  it("maps Chinese and English headers, ignoring notes and unknown columns", () => {
    expect(columnForHeader("\uFEFF单位名称")).toBe("name");
    expect(columnForHeader("手机（必填）")).toBe("contactPhone");
    expect(columnForHeader("Credit Code")).toBe("creditCode");
    expect(columnForHeader("E-mail")).toBe("contactEmail");
    expect(columnForHeader("备注")).toBeNull();
    const header = mapHeader(["单位名称", "统一社会信用代码", "备注", "联系人"]);
    expect(header.columns).toEqual(["name", "creditCode", null, "contactName"]);
    expect(header.missing).toEqual(["level", "type", "contactPhone", "contactEmail"]);
  });

  it("reads level and type from the words people write", () => {
    const row = {
      ...registration,
      level: "区县",
      type: "医院",
      password: undefined,
      confirmPassword: undefined,
    };
    const parsed = ImportRowSchema.safeParse(row);
    expect(parsed.data?.level).toBe("county");
    expect(parsed.data?.type).toBe("hospital");
    expect(messages(ImportRowSchema.safeParse({ ...row, level: "国家级" })).level).toBe("unit.levelInvalid");
  });

  it("gives every refused row its reasons and refuses codes and emails repeated in the file", () => {
    const good = {
      name: "甲单位",
      creditCode: code(10),
      level: "市",
      type: "部门",
      contactName: "甲",
      contactPhone: "13800138000",
      contactEmail: "a@example.cn",
    };
    const checked = checkImportRows([
      { row: 2, values: good },
      { row: 3, values: { ...good, name: "乙单位", contactEmail: "b@example.cn" } },
      { row: 4, values: { ...good, creditCode: code(11) } },
      { row: 5, values: { ...good, creditCode: wrongCheck(code(12)), contactPhone: "123", contactName: "" } },
    ]);
    expect(checked.map((c) => c.value !== null)).toEqual([true, false, false, false]);
    expect(checked[1]?.reasons).toEqual([
      { column: "creditCode", message: 'import.duplicateCode|{"row":2}' },
    ]);
    expect(checked[2]?.reasons).toEqual([
      { column: "contactEmail", message: 'import.duplicateEmail|{"row":2}' },
    ]);
    expect(checked[3]?.reasons.map((r) => `${r.column}:${r.message}`).sort()).toEqual([
      "contactName:form.required",
      "contactPhone:unit.phoneFormat",
      "creditCode:unit.creditCode.checkDigit",
    ]);
  });

  it("uses only message keys that exist", () => {
    const keys = [
      "unit.creditCode.length",
      "unit.creditCode.character",
      "unit.creditCode.checkDigit",
      "unit.phoneFormat",
      "unit.levelInvalid",
      "unit.typeInvalid",
      "unit.reasonRequired",
      "register.passwordTooShort",
      "register.passwordMismatch",
      "register.creditCodeTaken",
      "register.throttled",
      "import.duplicateCode",
      "import.duplicateEmail",
      "import.codeTaken",
      "import.emailTaken",
      "account.linkFormat",
      "account.wechatIdFormat",
      "account.handleSpaces",
      "account.duplicate",
    ];
    expect(keys.filter((k) => !isMessageKey(k))).toEqual([]);
    expect(Object.keys(zhCN).length).toBeGreaterThan(100);
  });
});
