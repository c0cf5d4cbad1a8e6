import { eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, units, users } from "#db/schema";
import { withCheckCharacter } from "~/modules/units/credit-code";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { mailTo, newCreditCode, tokenIn, upload, withWrongCheck } from "./helpers";

const testApp = testAppForFile();
let app: TestApp;
let organizer: Client & { userId: string };
beforeAll(async () => {
  app = testApp();
  organizer = await app.loggedIn("organizer");
});

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HEADER = ["单位名称", "统一社会信用代码", "地区", "级别", "类型", "联系人", "手机", "邮箱"];
const email = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.cn`;

async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("参评单位");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function unitsWithCodes(codes: string[]) {
  return app.db.select().from(units).where(inArray(units.creditCode, codes));
}

/** Encodes text as GB18030 (two-byte characters only), by inverting the platform's decoder. */
function gb18030(text: string): Uint8Array {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, [number, number]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo !== 0x7f) table.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else bytes.push(...(table.get(ch) ?? [0x3f]));
  }
  return new Uint8Array(bytes);
}

describe("importing units", () => {
  it("imports the good rows of an .xlsx file and reports why each bad row was refused", async () => {
    const taken = newCreditCode();
    await app.db.insert(units).values({
      name: "已注册单位",
      creditCode: taken,
      regionCode: "441900",
      regionName: "广东省东莞市",
      level: "city",
      type: "department",
      status: "approved",
    });
    const existing = await app.createUser("judge");
    const good = [newCreditCode(), newCreditCode()];
    const dup = newCreditCode();
    const emails = { a: email("a"), b: email("b"), dup: email("dup"), dup2: email("dup2") };
    const file = await xlsx([
      HEADER,
      ["东莞市甲局", good[0] as string, "", "市", "部门", "甲", 13800138000, emails.a],
      [
        "东莞市乙医院",
        (good[1] as string).toLowerCase(),
        "东莞市南城",
        "区县",
        "医院",
        "乙",
        "13900139000",
        emails.b,
      ],
      ["丙单位", withWrongCheck(newCreditCode()), "", "市", "部门", "丙", "12345", "not-an-email"],
      ["丁单位", taken, "", "市", "部门", "丁", "13700137000", email("d")],
      ["戊单位", dup, "", "市", "部门", "戊", "13600136000", emails.dup],
      ["己单位", dup, "", "市", "部门", "己", "13500135000", emails.dup2],
      ["庚单位", newCreditCode(), "", "省", "部门", "庚", "13400134000", existing.email],
      ["辛单位", newCreditCode(), "", "国家级", "部门", "辛", "13300133000", email("h")],
      [],
    ]);
    const res = await upload(organizer, "/admin/units/import", {
      name: "units.xlsx",
      bytes: file,
      type: XLSX,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("共 8 行：导入 3 个单位，5 行未导入");
    for (const reason of [
      "统一社会信用代码校验位不正确",
      "请输入 11 位中国大陆手机号码",
      "请输入有效的邮箱地址",
      "该统一社会信用代码已经注册过",
      "与第 6 行的统一社会信用代码重复",
      "请选择省级、市级、区县级或镇街",
      "该邮箱已经有账号",
    ]) {
      expect(html, reason).toContain(reason);
    }

    const created = await unitsWithCodes([...good, dup]);
    expect(created.map((u) => u.name).sort()).toEqual(["东莞市乙医院", "东莞市甲局", "戊单位"].sort());
    expect(created.every((u) => u.status === "approved" && u.reviewedBy === organizer.userId)).toBe(true);
    const yi = created.find((u) => u.name === "东莞市乙医院");
    expect(yi?.level).toBe("county");
    expect(yi?.type).toBe("hospital");
    expect(yi?.regionName).toBe("东莞市南城");
    expect(created.find((u) => u.name === "东莞市甲局")?.regionName).toBe("广东省东莞市");
    expect(created.find((u) => u.name === "东莞市甲局")?.contactPhone).toBe("13800138000");

    // Each created unit's contact is invited to set a password; the import is audited.
    const [mail] = await mailTo(app, emails.a);
    expect(mail?.template).toBe("unit-invitation");
    const imports = await app.db.select().from(auditLog).where(eq(auditLog.action, "unit.import"));
    expect(imports).toHaveLength(3);

    const visitor = app.client();
    const accepted = await visitor.post(`/invite/${tokenIn(mail?.text ?? "")}`, {
      name: "甲",
      password: "a long enough password",
      confirmPassword: "a long enough password",
    });
    expect(accepted.status).toBe(302);
    const [user] = await app.db.select().from(users).where(eq(users.email, emails.a));
    expect(user?.unitId).toBe(created.find((u) => u.name === "东莞市甲局")?.id);
    expect((await visitor.get("/unit/accounts")).status).toBe(200);
  });

  it("imports a .csv file (UTF-8 with BOM, English headers) with bad rows", async () => {
    const good = newCreditCode();
    const goodEmail = email("csv");
    const lines = [
      "Name,Credit code,Region,Level,Type,Contact,Mobile,Email,Note",
      `"广州市某局, 宣传科",${good},,city,department,李,13800138000,${goodEmail},ok`,
      `缺代码单位,,,city,department,王,13800138001,${email("x")},`,
      `错类型单位,${newCreditCode()},,city,school,赵,13800138002,${email("y")},`,
    ];
    const bytes = new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
    const res = await upload(organizer, "/admin/units/import", {
      name: "units.csv",
      bytes,
      type: "text/csv",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("共 3 行：导入 1 个单位，2 行未导入");
    expect(html).toContain("此项为必填项");
    expect(html).toContain("请选择部门、区县、镇街、医院、媒体或其他");
    const [unit] = await unitsWithCodes([good]);
    expect(unit?.name).toBe("广州市某局, 宣传科");
    expect(unit?.contactEmail).toBe(goodEmail);
    const [invitation] = await app.db.select().from(invitations).where(eq(invitations.email, goodEmail));
    expect(invitation?.unitId).toBe(unit?.id);
  });

  it("reads a CSV saved as GB18030, as Excel does by default on Chinese systems", async () => {
    const code = newCreditCode();
    const text = `${HEADER.join(",")}\r\n东莞市旧编码局,${code},,市,部门,周,13800138010,${email("gbk")}\r\n`;
    const res = await upload(organizer, "/admin/units/import", {
      name: "gbk.csv",
      bytes: gb18030(text),
      type: "text/csv",
    });
    expect(await res.text()).toContain("导入 1 个单位");
    expect((await unitsWithCodes([code]))[0]?.name).toBe("东莞市旧编码局");
  });

  it("keeps an all-digit credit code in a CSV as text, not as a rounded number", async () => {
    let numeric = "";
    for (let i = 1; !/^\d{18}$/.test(numeric); i++) {
      numeric = withCheckCharacter(`114419000${String(i).padStart(8, "0")}`);
    }
    const bytes = new TextEncoder().encode(
      `${HEADER.join(",")}\n数字单位,${numeric},,市,部门,钱,13800138009,${email("n")}\n`,
    );
    const res = await upload(organizer, "/admin/units/import", { name: "n.csv", bytes, type: "text/csv" });
    expect(await res.text()).toContain("导入 1 个单位");
    expect((await unitsWithCodes([numeric]))[0]?.name).toBe("数字单位");
  });

  it("refuses files it cannot use, with a clear message", async () => {
    const noColumns = await xlsx([
      ["名称", "备注"],
      ["某单位", ""],
    ]);
    const missing = await upload(organizer, "/admin/units/import", {
      name: "a.xlsx",
      bytes: noColumns,
      type: XLSX,
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("缺少以下列：统一社会信用代码、级别、类型、联系人、手机、邮箱");

    const text = new TextEncoder().encode("hello");
    const wrongType = await upload(organizer, "/admin/units/import", {
      name: "a.txt",
      bytes: text,
      type: "text/plain",
    });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.text()).toContain("只能导入 .xlsx 或 .csv 文件");

    const fake = await upload(organizer, "/admin/units/import", {
      name: "fake.xlsx",
      bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      type: XLSX,
    });
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain("无法读取此文件");

    const big = new Uint8Array(2 * 1024 * 1024 + 10).fill(0x41);
    const tooLarge = await upload(organizer, "/admin/units/import", {
      name: "big.csv",
      bytes: big,
      type: "text/csv",
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain("文件太大，不能超过 2 MB");

    const none = await organizer.post("/admin/units/import", {});
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("请选择要上传的文件");
  });

  it("refuses more than 5,000 rows", async () => {
    const rows = Array.from(
      { length: 5001 },
      (_, i) => `单位${i},X,,市,部门,某,13800138000,a${i}@example.cn`,
    );
    const bytes = new TextEncoder().encode(`${HEADER.join(",")}\n${rows.join("\n")}\n`);
    const res = await upload(organizer, "/admin/units/import", { name: "many.csv", bytes, type: "text/csv" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("一次最多导入 5000 行");
  });

  it("is for organizers only", async () => {
    const unit = await app.loggedIn("unit");
    const bytes = await xlsx([HEADER]);
    expect((await upload(unit, "/admin/units/import", { name: "a.xlsx", bytes, type: XLSX })).status).toBe(
      403,
    );
  });
});
