/**
 * Cross-check of the tally against its own exports: the sheet-level CSV is downloaded over HTTP
 * and the ranks are recomputed by a short, independent script (nothing from app/modules/tally),
 * then compared with the ranks of the results CSV. Data weight 0 and trimming from 3 sheets, so
 * the demo's three sheets per entry are trimmed to one and the method's trimming is exercised.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { editions } from "#db/schema";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { withPastEditionInJudging } from "../../support/results";

const testApp = testAppForFile();
let app: TestApp;
let organizer: Client;
let editionId: number;

beforeAll(async () => {
  app = testApp();
  const ctx = await withPastEditionInJudging(app);
  editionId = ctx.past.id;
  await app.db
    .update(editions)
    .set({ dataWeightPercent: 0, trimFrom: 3, normaliseScores: false })
    .where(eq(editions.id, editionId));
  organizer = await app.loggedIn("organizer");
});

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  const [header = [], ...data] = rows;
  return data.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
}

/** Ranks from the sheet lines: trimmed mean of sheet totals, first criterion's mean to split ties. */
function recompute(lines: Record<string, string>[], trimFrom: number): Map<string, number> {
  const sheets = new Map<
    string,
    { ref: string; cat: string; total: number; first: number; firstPos: number }
  >();
  for (const l of lines) {
    const key = `${l.entry_reference}|${l.judge}`;
    const s = sheets.get(key) ?? {
      ref: l.entry_reference ?? "",
      cat: l.category ?? "",
      total: 0,
      first: 0,
      firstPos: 1e9,
    };
    const points = Number(l.points);
    const pos = Number(l.criterion_position);
    s.total += points;
    if (pos < s.firstPos) {
      s.firstPos = pos;
      s.first = points;
    }
    sheets.set(key, s);
  }
  const byEntry = new Map<string, { cat: string; totals: number[]; firsts: number[] }>();
  for (const s of sheets.values()) {
    const e = byEntry.get(s.ref) ?? { cat: s.cat, totals: [], firsts: [] };
    e.totals.push(s.total);
    e.firsts.push(s.first);
    byEntry.set(s.ref, e);
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const scored = [...byEntry].map(([ref, e]) => {
    const sorted = [...e.totals].sort((a, b) => a - b);
    const kept = sorted.length >= Math.max(3, trimFrom) ? sorted.slice(1, -1) : sorted;
    return { ref, cat: e.cat, mean: r6(avg(kept)), first: r6(avg(e.firsts)) };
  });
  const ranks = new Map<string, number>();
  for (const a of scored) {
    const better = scored.filter(
      (b) => b.cat === a.cat && (b.mean > a.mean || (b.mean === a.mean && b.first > a.first)),
    ).length;
    ranks.set(a.ref, better + 1);
  }
  return ranks;
}

describe("cross-check against the exports", () => {
  it("recomputes the same ranks from sheets.csv as results.csv shows", async () => {
    expect((await organizer.post(`/admin/editions/${editionId}/results`, { intent: "tally" })).status).toBe(
      302,
    );

    const sheetsRes = await organizer.get(`/admin/editions/${editionId}/sheets.csv`);
    expect(sheetsRes.status).toBe(200);
    expect(sheetsRes.headers.get("content-type")).toContain("text/csv");
    const lines = parseCsv(await sheetsRes.text());
    expect(lines.length).toBeGreaterThan(0);
    // The demo's past edition is blind: judges appear only as J001, J002, …
    expect(new Set(lines.map((l) => l.judge))).toEqual(new Set(["J001", "J002", "J003"]));
    for (const l of lines) {
      expect(l.submitted_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Number(l.points)).toBeLessThanOrEqual(Number(l.max_points));
    }

    const resultsRes = await organizer.get(`/admin/editions/${editionId}/results.csv`);
    expect(resultsRes.status).toBe(200);
    const shown = parseCsv(await resultsRes.text());
    const mine = recompute(lines, 3);
    expect(shown.length).toBe(mine.size);
    for (const r of shown) {
      expect({ reference: r.reference, rank: Number(r.rank) }).toEqual({
        reference: r.reference,
        rank: mine.get(r.reference ?? ""),
      });
    }
    // Data weight 0: no data score, final = expert.
    expect(shown.every((r) => r.data === "" && r.final === r.expert)).toBe(true);
  });
});
