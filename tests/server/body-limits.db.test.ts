import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, editions } from "#db/schema";
import { placeholderPng } from "#db/seed-assets/placeholder";
import { FORM_LIMIT, LONG_FORM_LIMIT } from "../../server/requests.js";
import { type Client, type TestApp, testAppForFile } from "../support/app";
import { withDemo } from "../support/demo";

/*
 * Request bodies have a limit per kind of form, refused with 413 before anything parses them: one
 * anonymous 50 MB post to /login doubled the server's memory and came back in a 52 MB page. Routes
 * that take files keep streaming them under their own per-file limits.
 */
const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
});

const MB = 1024 * 1024;

/** A urlencoded body of `size` bytes: a login form whose password is padded. */
function loginBody(size: number): string {
  const head = "email=a%40b.cn&password=";
  return head + "x".repeat(Math.max(0, size - head.length));
}

async function post(
  client: Client,
  path: string,
  body: BodyInit | Readable,
  headers: Record<string, string> = {},
) {
  const init: RequestInit & { duplex?: "half" } = {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: client.base,
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      ...headers,
    },
    body: body instanceof Readable ? (Readable.toWeb(body) as ReadableStream) : body,
  };
  if (body instanceof Readable) init.duplex = "half";
  const res = await fetch(client.base + path, init);
  const text = await res.text();
  return { status: res.status, text };
}

/** A body sent in chunks without Content-Length, as a client that hides its size does. */
function chunked(size: number): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, "x");
  return new Readable({
    read() {
      if (sent >= size) return this.push(null);
      sent += chunk.length;
      this.push(sent === chunk.length ? Buffer.concat([Buffer.from("password="), chunk]) : chunk);
    },
  });
}

describe("request body limits", () => {
  it("refuses a 50 MB login post with 413, without echoing it, whether or not it says its size", async () => {
    const declared = await post(app.client(), "/login", loginBody(50 * MB));
    expect(declared.status).toBe(413);
    expect(declared.text.length).toBeLessThan(200);
    const hidden = await post(app.client(), "/login", chunked(50 * MB));
    expect(hidden.status).toBe(413);
    expect(hidden.text.length).toBeLessThan(200);
    const concurrent = await Promise.all(
      [1, 2, 3, 4].map(() => post(app.client(), "/login", loginBody(25 * MB))),
    );
    expect(concurrent.map((r) => r.status)).toEqual([413, 413, 413, 413]);
  });

  it("takes a plain form up to its limit and refuses one byte more", async () => {
    expect((await post(app.client(), "/login", loginBody(FORM_LIMIT))).status).toBe(400);
    expect((await post(app.client(), "/login", loginBody(FORM_LIMIT + 1))).status).toBe(413);
  });

  it("echoes a refused field at most as long as the form's limit", async () => {
    const res = await post(app.client(), "/login", loginBody(FORM_LIMIT - 100));
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(FORM_LIMIT + 64 * 1024);
  });

  it("takes a long form with its longest texts in Chinese (9 bytes a character encoded)", async () => {
    const organizer = await demo.login("organizer");
    const form = new URLSearchParams({
      name: "评".repeat(120),
      slug: "long-form-2031",
      year: "2031",
      organizers: "评".repeat(500),
      description: "评".repeat(4000),
      judgesPerEntry: "5",
      entriesPerUnitPerCategory: "2",
      trimFrom: "7",
      dataWeightPercent: "0",
    });
    expect(form.toString().length).toBeGreaterThan(FORM_LIMIT);
    const res = await post(organizer, "/admin/editions/new", form.toString());
    expect(res.status).toBe(302);
    const [created] = await app.db.select().from(editions).where(eq(editions.slug, "long-form-2031"));
    expect(created?.description).toHaveLength(4000);
    const tooLong = await post(organizer, "/admin/editions/new", `name=${"x".repeat(LONG_FORM_LIMIT)}`);
    expect(tooLong.status).toBe(413);
  });

  it("still streams an upload far larger than any form limit", async () => {
    const unit = await demo.login("unit1");
    const created = await unit.post("/unit/entries", { categoryId: String(demo.category("DSP").id) });
    const entryId = Number(created.headers.get("location")?.split("/").pop());
    const png = placeholderPng(2000, 1000, [200, 30, 30]);
    const big = new Uint8Array(Buffer.concat([png, Buffer.alloc(2 * LONG_FORM_LIMIT, 1)]));
    const form = new FormData();
    form.append("file", new Blob([big], { type: "image/png" }), "海报.png");
    const res = await unit.postMultipart(`/unit/entries/${entryId}`, form);
    expect(res.status, await res.text()).toBe(302);
    const [stored] = await app.db.select().from(attachments).where(eq(attachments.entryId, entryId));
    expect(stored?.size).toBe(big.length);
  });
});
