import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppOptions, TestApp } from "../support/app";

/*
 * An error inside a loader (here: a query on a table renamed away) shows a plain page with the
 * request id of the access line, in production and in development mode alike. The error itself
 * (SQL, parameters, file paths, stack) reaches the browser only as under `npm run dev`.
 */
const INTERNALS = [
  /Failed query/i,
  /select /i,
  /"editions"/,
  /node_modules/,
  /\/build\/index\.js/,
  /\bat .+:\d+:\d+/,
];

function internalsIn(body: string): string[] {
  return INTERNALS.filter((re) => re.test(body)).map(String);
}

async function breakEditions(app: TestApp) {
  await app.database.rows(sql`alter table editions rename to editions_away`);
}
async function restoreEditions(app: TestApp) {
  await app.database.rows(sql`alter table editions_away rename to editions`);
}

describe.each([{ mode: "production" }, { mode: "development" }] as const)(
  "in $mode mode",
  (options: AppOptions) => {
    let app: TestApp;
    beforeAll(async () => {
      app = await TestApp.start(options);
      await breakEditions(app);
    });
    afterAll(async () => {
      await restoreEditions(app);
      await app.stop();
    });

    it("a failing page shows its request id and nothing of the error", async () => {
      const res = await app.client().get("/e/any-edition");
      expect(res.status).toBe(500);
      const id = res.headers.get("x-request-id") ?? "";
      const body = await res.text();
      expect(internalsIn(body)).toEqual([]);
      expect(body).toContain(`请求编号：${id}`);
    });

    it("a failing data request answers without the error", async () => {
      const res = await app.client().get("/e/any-edition.data");
      const body = await res.text();
      expect(res.status).toBe(500);
      expect(internalsIn(body)).toEqual([]);
    });

    it("an address with a NUL is a plain 400 with the request id, before any route", async () => {
      for (const url of ["/e/%00", "/e/%00.data", "/e/demo-2025/results?q=%00"]) {
        const res = await app.client().get(url);
        const id = res.headers.get("x-request-id") ?? "";
        const body = await res.text();
        expect(res.status, url).toBe(400);
        expect(res.headers.get("content-type"), url).toMatch(/^text\/plain/);
        expect(body, url).toBe(`Bad request / 请求无效 (request ${id})`);
      }
    });
  },
);

describe("as under npm run dev", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ mode: "development", developer: true });
    await breakEditions(app);
  });
  afterAll(async () => {
    await restoreEditions(app);
    await app.stop();
  });

  // The check above would see a leak: here, and only here, the developer gets the error.
  it("shows the error to the developer", async () => {
    const res = await app.client().get("/e/any-edition");
    expect(res.status).toBe(500);
    expect(internalsIn(await res.text())).toContain(String(/Failed query/i));
  });
});
