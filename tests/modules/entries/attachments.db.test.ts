import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, entries } from "#db/schema";
import { placeholderPng } from "#db/seed-assets/placeholder";
import { type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";

// Small limits so the oversized and over-quota cases are cheap; the defaults are 500 and 5000 MB.
process.env.MAX_UPLOAD_MB = "1";
process.env.UNIT_QUOTA_MB = "3";

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;
let unitA: Awaited<ReturnType<Awaited<ReturnType<typeof withDemo>>["login"]>>;
let unitB: typeof unitA;
let entryId = 0;
const video = fs.readFileSync(path.resolve("db/seed-assets/demo-video.mp4"));

function files(...list: [Uint8Array, string, string][]) {
  const form = new FormData();
  for (const [bytes, name, type] of list)
    form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  return form;
}

function storedFiles(): string[] {
  const root = path.join(process.env.DATA_DIR ?? "", "files");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
  unitA = await demo.login("unit1");
  unitB = await demo.login("unit2");
  const res = await unitA.post("/unit/entries", { categoryId: String(demo.category("DSP").id) });
  entryId = Number(res.headers.get("location")?.split("/").pop());
});

describe("attachments", () => {
  it("stores an image and a video with type, size and SHA-256 from the content", async () => {
    const png = placeholderPng(40, 30, [200, 30, 30]);
    const res = await unitA.postMultipart(
      `/unit/entries/${entryId}`,
      files([png, "海报.png", "image/png"], [video, "宣传片.mp4", "video/mp4"]),
    );
    expect(res.status, await res.clone().text()).toBe(302);
    const rows = await app.db.select().from(attachments).where(eq(attachments.entryId, entryId));
    expect(rows.map((r) => [r.kind, r.contentType, r.originalName, r.size])).toEqual([
      ["image", "image/png", "海报.png", png.length],
      ["video", "video/mp4", "宣传片.mp4", video.length],
    ]);
    const { createHash } = await import("node:crypto");
    expect(rows[1]?.sha256).toBe(createHash("sha256").update(video).digest("hex"));
  });

  it("refuses a file whose content is not what its name says, and stores nothing", async () => {
    const before = storedFiles().length;
    const fake = new TextEncoder().encode("this is not a video at all");
    const res = await unitA.postMultipart(`/unit/entries/${entryId}`, files([fake, "clip.mp4", "video/mp4"]));
    expect(res.status).toBe(415);
    expect(await res.text()).toContain("文件类型不支持");
    const png = placeholderPng(8, 8, [0, 0, 0]);
    const renamed = await unitA.postMultipart(
      `/unit/entries/${entryId}`,
      files([png, "报告.pdf", "application/pdf"]),
    );
    expect(renamed.status).toBe(415);
    expect(await renamed.text()).toContain("文件类型不符");
    expect(storedFiles().length).toBe(before);
  });

  it("refuses an oversized upload, with the limit in the message, and leaves no file behind", async () => {
    const before = storedFiles().length;
    const big = new Uint8Array(2 * 1024 * 1024);
    big.set(video.subarray(0, 64)); // starts like an mp4, so only the size can refuse it
    const res = await unitA.postMultipart(`/unit/entries/${entryId}`, files([big, "big.mp4", "video/mp4"]));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("文件超过");
    expect(storedFiles().length).toBe(before);
  });

  it("serves the video with byte ranges so it can be played and sought", async () => {
    const [row] = await app.db
      .select()
      .from(attachments)
      .where(eq(attachments.entryId, entryId))
      .orderBy(attachments.id)
      .offset(1);
    const whole = await unitA.get(`/files/${row?.id}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true);
    const part = await unitA.get(`/files/${row?.id}`, { Range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${video.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(100, 200))).toBe(true);
    const tail = await unitA.get(`/files/${row?.id}`, { Range: "bytes=-16" });
    expect(Buffer.from(await tail.arrayBuffer()).equals(video.subarray(video.length - 16))).toBe(true);
    const beyond = await unitA.get(`/files/${row?.id}`, { Range: `bytes=${video.length + 10}-` });
    expect(beyond.status).toBe(416);
    // The download name comes from the entry, never from the unit's file name.
    expect(whole.headers.get("content-disposition")).not.toContain("宣传片");
  });

  it("hides one unit's files and entries from another unit and from anonymous visitors", async () => {
    const [row] = await app.db.select().from(attachments).where(eq(attachments.entryId, entryId)).limit(1);
    expect((await unitB.get(`/files/${row?.id}`)).status).toBe(404);
    expect((await app.client().get(`/files/${row?.id}`)).status).toBe(302);
    const png = placeholderPng(8, 8, [0, 0, 0]);
    const res = await unitB.postMultipart(`/unit/entries/${entryId}`, files([png, "x.png", "image/png"]));
    expect(res.status).toBe(404);
    const organizer = await demo.login("organizer");
    expect((await organizer.get(`/files/${row?.id}`)).status).toBe(200);
  });

  it("lets the 短视频 entry be submitted once its video is attached", async () => {
    const [row] = await app.db.select().from(entries).where(eq(entries.id, entryId));
    const res = await unitA.post(`/unit/entries/${entryId}`, {
      intent: "submit",
      version: String(row?.version),
      title: "禁毒宣传短片",
      accountId: String(unitA.accountIds[0]),
      platform: "channels",
      link: "https://channels.weixin.qq.com/demo/1",
      publishDate: `${demo.edition.year}-06-26`,
      summary: "国际禁毒日宣传短片。",
    });
    expect(res.status, await res.clone().text()).toBe(302);
  });

  it("removes an attachment", async () => {
    const [row] = await app.db.select().from(attachments).where(eq(attachments.entryId, entryId)).limit(1);
    const res = await unitA.post(`/unit/entries/${entryId}`, {
      intent: "removeAttachment",
      attachmentId: String(row?.id),
    });
    expect(res.status).toBe(302);
    const left = await app.db.select().from(attachments).where(eq(attachments.entryId, entryId));
    expect(left.map((r) => r.id)).not.toContain(row?.id);
    // Nothing else names the file: it goes too.
    expect(fileExists(row?.storageKey ?? "")).toBe(false);
    for (const kept of left) expect(fileExists(kept.storageKey)).toBe(true);
  });
});

function fileExists(key: string) {
  return fs.existsSync(path.join(process.env.DATA_DIR ?? "", "files", ...key.split("/")));
}

async function draftOf(client: typeof unitA, code = "QWFB") {
  const res = await client.post("/unit/entries", { categoryId: String(demo.category(code).id) });
  expect(res.status).toBe(302);
  return Number(res.headers.get("location")?.split("/").pop());
}

const pngs = (n: number) =>
  files(
    ...Array.from({ length: n }, (_, i): [Uint8Array, string, string] => [
      placeholderPng(4 + i, 4, [i * 20, 0, 0]),
      `图${i + 1}.png`,
      "image/png",
    ]),
  );

/** An upload of about 0.9 MB that starts like an MP4. */
function nearlyOneMegabyte() {
  const bytes = new Uint8Array(900 * 1024);
  bytes.set(video.subarray(0, 64));
  return files([bytes, "片段.mp4", "video/mp4"]);
}

const countOn = async (id: number) =>
  (await app.db.select().from(attachments).where(eq(attachments.entryId, id))).length;

describe("limits on attachments", () => {
  it("counts an entry's attachments over all its uploads, also when uploads race", async () => {
    const unitC = await demo.login("unit3");
    const id = await draftOf(unitC);
    expect((await unitC.postMultipart(`/unit/entries/${id}`, pngs(6))).status).toBe(302);
    const before = storedFiles().length;
    const more = await unitC.postMultipart(`/unit/entries/${id}`, pngs(5));
    expect(more.status).toBe(413);
    expect(await more.text()).toContain("每个案例最多 10 个附件，此案例已有 6 个");
    expect(await countOn(id)).toBe(6);
    expect(storedFiles().length).toBe(before);

    const other = await draftOf(unitC);
    const raced = await Promise.all([1, 2].map(() => unitC.postMultipart(`/unit/entries/${other}`, pngs(6))));
    expect(raced.map((r) => r.status).sort()).toEqual([302, 413]);
    expect(await countOn(other)).toBe(6);
    expect(storedFiles().length).toBe(before + 6);
  });

  it("keeps a unit's attachments in an edition within its quota, with the quota in the message", async () => {
    const unitD = await demo.login("unit4");
    const first = await draftOf(unitD);
    const second = await draftOf(unitD, "RMCX");
    for (const id of [first, first, second]) {
      expect((await unitD.postMultipart(`/unit/entries/${id}`, nearlyOneMegabyte())).status).toBe(302);
    }
    const before = storedFiles().length;
    const over = await unitD.postMultipart(`/unit/entries/${second}`, nearlyOneMegabyte());
    expect(over.status).toBe(413);
    expect(await over.text()).toContain("本单位在本届评选上传的附件合计不能超过");
    expect(storedFiles().length).toBe(before);
    expect((await countOn(first)) + (await countOn(second))).toBe(3);

    // Deleting a draft frees its share, files included.
    const [kept] = await app.db.select().from(attachments).where(eq(attachments.entryId, first));
    expect((await unitD.post(`/unit/entries/${first}`, { intent: "delete" })).status).toBe(302);
    expect(fileExists(kept?.storageKey ?? "")).toBe(false);
    expect(storedFiles().length).toBe(before - 2);
    expect((await unitD.postMultipart(`/unit/entries/${second}`, nearlyOneMegabyte())).status).toBe(302);
  });
});
