import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { categories, editions, results, tallySnapshots } from "#db/schema";
import { LOAD_STEPS, readTallyLines, type TallyLine, type TallyProgress } from "~/modules/tally/progress";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { resetToJudging, withPastEditionInJudging } from "../../support/results";

const testApp = testAppForFile();
let app: TestApp;
let ctx: Awaited<ReturnType<typeof withPastEditionInJudging>>;
let organizer: Client;
let address: string;

beforeAll(async () => {
  app = testApp();
  ctx = await withPastEditionInJudging(app);
  organizer = await app.loggedIn("organizer");
  address = `/admin/editions/${ctx.past.id}/tally`;
});

async function postStream(client: Client, path = address) {
  return client.post(path, {}, { headers: { Accept: "application/x-ndjson" } });
}

async function linesOf(res: Response): Promise<TallyLine[]> {
  const lines: TallyLine[] = [];
  if (res.body) await readTallyLines(res.body, (line) => lines.push(line));
  return lines;
}

/** The body as the pieces the network delivered, and the lines they hold. */
async function chunked(res: Response): Promise<{ chunks: number; lines: TallyLine[] }> {
  let chunks = 0;
  const counting = res.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        chunks++;
        controller.enqueue(chunk);
      },
    }),
  );
  const lines: TallyLine[] = [];
  if (counting) await readTallyLines(counting, (line) => lines.push(line));
  return { chunks, lines };
}

const PHASE_ORDER = ["load", "compute", "write"];

async function counts() {
  const cats = await app.db.select().from(categories).where(eq(categories.editionId, ctx.past.id));
  const [snapshot] = await app.db
    .select()
    .from(tallySnapshots)
    .where(eq(tallySnapshots.editionId, ctx.past.id));
  const rows = snapshot ? await app.db.select().from(results).where(eq(results.snapshotId, snapshot.id)) : [];
  return { categories: cats.length, rows: rows.length, snapshot };
}

describe("the streamed tally (POST /admin/editions/:id/tally)", () => {
  it("streams the run's progress in order with growing counts, then the outcome", async () => {
    const res = await postStream(organizer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const { chunks, lines } = await chunked(res);
    // Sent as the run goes, not held back until the end.
    expect(chunks).toBeGreaterThan(1);
    const { categories: categoryCount, rows, snapshot } = await counts();
    expect(snapshot).toBeDefined();
    expect(rows).toBeGreaterThan(0);

    const progress = lines.slice(0, -1);
    expect(progress.every((l) => l.type === "progress")).toBe(true);
    const steps = progress as (TallyProgress & { type: "progress" })[];
    // The phases come in order, each from 0 up to its total, never going back.
    const phases = steps.map((s) => s.phase);
    expect([...new Set(phases)]).toEqual(PHASE_ORDER);
    expect(phases).toEqual([...phases].sort((a, b) => PHASE_ORDER.indexOf(a) - PHASE_ORDER.indexOf(b)));
    for (const phase of PHASE_ORDER) {
      const done = steps.filter((s) => s.phase === phase).map((s) => s.done);
      expect(done[0]).toBe(0);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      expect(new Set(done).size).toBe(done.length);
    }
    // Real counts: the load queries, one step per category, the result rows written.
    const last = (phase: string) => steps.filter((s) => s.phase === phase).at(-1);
    expect(last("load")).toMatchObject({ done: LOAD_STEPS, total: LOAD_STEPS });
    expect(last("compute")).toMatchObject({ done: categoryCount, total: categoryCount });
    expect(steps.filter((s) => s.phase === "compute")).toHaveLength(categoryCount + 1);
    expect(last("write")).toMatchObject({ done: rows, total: rows });

    expect(lines.at(-1)).toEqual({ type: "done", entries: rows, sheets: snapshot?.sheetCount });
  });

  it("is for organizers only: a unit or a judge gets 403, a visitor the login page", async () => {
    const before = (await counts()).snapshot?.id;
    for (const role of ["unit", "judge"] as const) {
      const res = await postStream(await app.loggedIn(role));
      expect(res.status).toBe(403);
    }
    const anonymous = await postStream(app.client());
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    expect((await counts()).snapshot?.id).toBe(before);
  });

  it("follows the same rules as the form: 404 for no edition, 409 past the tally's phases", async () => {
    expect((await postStream(organizer, "/admin/editions/999999/tally")).status).toBe(404);
    await app.db.update(editions).set({ phase: "published" }).where(eq(editions.id, ctx.past.id));
    try {
      const before = (await counts()).snapshot?.id;
      const res = await postStream(organizer);
      expect(res.status).toBe(409);
      expect(await linesOf(res)).toEqual([{ type: "error", error: "results.admin.tallyClosed" }]);
      expect((await counts()).snapshot?.id).toBe(before);
    } finally {
      await resetToJudging(app, ctx.past.id);
    }
  });

  it("answers a GET with 405: the run only starts from a post", async () => {
    expect((await organizer.get(address)).status).toBe(405);
  });

  it("keeps the plain post of the results page, which now leaves the usual message", async () => {
    const res = await organizer.post(`/admin/editions/${ctx.past.id}/results`, { intent: "tally" });
    expect(res.status).toBe(302);
    const page = await (await organizer.get(res.headers.get("location") ?? "")).text();
    expect(page).toMatch(/role="status"[^>]*>.*计分完成，结果已更新。/s);
  });
});
