import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, entries } from "#db/schema";
import { placeholderPng } from "#db/seed-assets/placeholder";
import { type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";

// A small limit so the oversized case is cheap; the default is 500 MB.
process.env.MAX_UPLOAD_MB = "1";

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
  });
});
