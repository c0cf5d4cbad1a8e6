import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, units } from "#db/schema";
import { placeholderPng } from "#db/seed-assets/placeholder";
import { type ActionAnswer, actionDataUrl, decodeActionAnswer } from "~/modules/forms/action-answer";
import { withCheckCharacter } from "~/modules/units/credit-code";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";

/*
 * The upload forms send their multipart body with XMLHttpRequest to the action's data address,
 * as Remix's own submission would, and read the answer with decodeActionAnswer. These posts are
 * the requests those forms make, against the real server; the answers must read as the page
 * needs them: a redirect to follow, or the action's data with the field errors.
 */

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;
let unit: Client;
let entryId = 0;

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
  unit = await demo.login("unit1");
  const res = await unit.post("/unit/entries", { categoryId: String(demo.category("QWFB").id) });
  entryId = Number(res.headers.get("location")?.split("/").pop());
});

function form(field: string, bytes: Uint8Array, name: string, type: string) {
  const body = new FormData();
  body.append(field, new Blob([new Uint8Array(bytes)], { type }), name);
  return body;
}

async function answerOf(res: Response): Promise<ActionAnswer> {
  expect(res.headers.get("x-remix-response")).toBe("yes");
  if (!res.body) throw new Error("no body");
  return decodeActionAnswer(res.body);
}

const dataPath = (path: string) => {
  const url = actionDataUrl(path, "http://localhost");
  return url.pathname + url.search;
};

describe("the data address of a form's action", () => {
  it("is the action's path with .data, and /_root.data for the home page", () => {
    expect(dataPath("/unit/entries/7")).toBe("/unit/entries/7.data");
    expect(dataPath("/unit/entries/7/")).toBe("/unit/entries/7.data");
    expect(dataPath("/admin/editions/3/results?category=2")).toBe(
      "/admin/editions/3/results.data?category=2",
    );
    expect(dataPath("/")).toBe("/_root.data");
  });
});

describe("an upload's answer, read as the page reads it", () => {
  it("a stored attachment: the redirect the page follows, with the files really saved", async () => {
    const png = placeholderPng(20, 10, [10, 120, 200]);
    const res = await unit.postMultipart(
      dataPath(`/unit/entries/${entryId}`),
      form("file", png, "配图.png", "image/png"),
    );
    expect(await answerOf(res)).toMatchObject({
      kind: "redirect",
      location: `/unit/entries/${entryId}?uploaded=1`,
      status: 302,
    });
    const rows = await app.db.select().from(attachments).where(eq(attachments.entryId, entryId));
    expect(rows.map((r) => r.originalName)).toEqual(["配图.png"]);
  });

  it("a refused file: the action's data with the field's message, as after a plain post", async () => {
    const res = await unit.postMultipart(
      dataPath(`/unit/entries/${entryId}`),
      form("file", new TextEncoder().encode("not a video"), "clip.mp4", "video/mp4"),
    );
    expect(res.status).toBe(415);
    const answer = await answerOf(res);
    expect(answer.kind).toBe("data");
    const data = (answer as { data: { status: string; error: Record<string, string[]> } }).data;
    expect(data.status).toBe("error");
    expect(data.error.file?.[0]).toContain("文件类型不支持");
  });

  it("another unit's entry: the error the page shows (404), and nothing stored", async () => {
    const other = await demo.login("unit2");
    const res = await other.postMultipart(
      dataPath(`/unit/entries/${entryId}`),
      form("file", placeholderPng(4, 4, [0, 0, 0]), "x.png", "image/png"),
    );
    expect(await answerOf(res)).toMatchObject({ kind: "error", status: 404 });
    const rows = await app.db.select().from(attachments).where(eq(attachments.entryId, entryId));
    expect(rows).toHaveLength(1);
  });

  it("an import: the action's data with the per-row report", async () => {
    const organizer = await demo.login("organizer");
    const code = withCheckCharacter("11441900MC7700001");
    const csv = `单位名称,统一社会信用代码,地区,级别,类型,联系人,手机,邮箱\n上传进度测试局,${code},广东省东莞市,市,部门,张三,13800138000,progress@example.cn\n`;
    const res = await organizer.postMultipart(
      dataPath("/admin/units/import"),
      form("file", new TextEncoder().encode(csv), "units.csv", "text/csv"),
    );
    expect(res.status).toBe(200);
    const answer = await answerOf(res);
    const data = (answer as { data: { report: { created: number; rows: { name: string }[] } } }).data;
    expect(data.report.created).toBe(1);
    expect(data.report.rows.map((r) => r.name)).toEqual(["上传进度测试局"]);
    expect(await app.db.select().from(units).where(eq(units.creditCode, code))).toHaveLength(1);
  });
});
