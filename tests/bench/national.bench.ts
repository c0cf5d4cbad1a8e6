/**
 * The national-size benchmark: one command, one table.
 *
 *   npm run bench                      # --size national (the default): 20,000 units, 50,000 entries
 *   npm run bench -- --size small      # a quick run (about a minute)
 *   npm run bench -- --size medium --keep   # keep the scratch database afterwards
 *
 * In a fresh scratch database on the PostgreSQL server of DATABASE_URL (or the local test server):
 * generates the edition in SQL, runs the real automatic assignment (k = 5), marks every assignment
 * submitted with six criteria per sheet (generated in SQL), runs the real tally, publishes the
 * notice and the final list with the real publishing code (which issues the certificate rows),
 * renders certificates, then starts the real portal in its own process and times its pages.
 * Every step is set against a baseline measured in the same run, so the ratio means something on
 * a noisy machine: `/healthz` for pages, a hand-written SQL aggregate for the tally, PostgreSQL's
 * COPY of the same rows for bulk writes.
 */

import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq } from "drizzle-orm";
import { connectPostgres } from "#db/client.server";
import { certificates, editions, results, tallySnapshots } from "#db/schema";
import { certificatePdf } from "~/modules/certificates/render.server";
import { demoSealPng } from "~/modules/certificates/seal.server";
import { runAutoAssignment } from "~/modules/judging/assignments.server";
import { publishFinal, publishNotice, setOverride } from "~/modules/results/publish.server";
import { runTally } from "~/modules/tally/tally.server";
import { flag, option } from "./lib/args";
import { BENCH_PASSWORD, generateEdition, generateScores, SIZES } from "./lib/generate";
import { scratchDatabase } from "./lib/scratch";
import { login, startApp } from "./lib/server";
import { loadAverage, ms, percentile, printTable, type Row, timed } from "./lib/stats";

const sizeName = option("--size", "national");
if (!(sizeName in SIZES)) throw new Error("--size must be small, medium or national");
const size = SIZES[sizeName as keyof typeof SIZES];
const keep = flag("--keep");
const samples = sizeName === "small" ? 40 : 100;
const certificateCount = sizeName === "small" ? 50 : 200;
const actor = { ip: "127.0.0.1" };

const ratio = (a: number, b: number) => (Number.isFinite(a) && b > 0 ? `${(a / b).toFixed(1)}×` : "—");
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/**
 * PostgreSQL's own bulk load of the same rows: their COPY text is made first (not timed), then
 * COPY FROM STDIN into a temporary table shaped like `table` (its columns, checks and indexes, no
 * foreign keys) is timed.
 */
async function copyBaseline(url: string, table: string, columns: string[], select: string): Promise<number> {
  // A client of its own with one connection, so the temporary table stays in one session. The
  // text is built by a plain query: a COPY TO STDOUT stream left the client stalled here.
  const one = connectPostgres(url, { max: 1, onnotice: () => {} });
  try {
    const line = columns.map((c) => `coalesce(${c}::text, '\\N')`).join(", ");
    const [row] = await one.unsafe<{ data: string | null }[]>(
      `select string_agg(concat_ws(E'\\t', ${line}), E'\\n') || E'\\n' as data from (${select}) s`,
    );
    await one.unsafe(
      `create temp table copy_baseline (like ${table} including defaults including constraints including indexes)`,
    );
    const { ms: took } = await timed(async () => {
      const writable = await one.unsafe(`copy copy_baseline (${columns.join(", ")}) from stdin`).writable();
      await pipeline(Readable.from([Buffer.from(row?.data ?? "")]), writable);
    });
    return took;
  } finally {
    await one.end({ timeout: 5 });
  }
}

async function measurePage(base: string, path: string, cookie: string, n: number) {
  const get = async () => {
    const t0 = performance.now();
    const res = await fetch(base + path, { headers: { Cookie: cookie }, redirect: "manual" });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  };
  const first = await get();
  if (first.status !== 200) return { status: first.status, p50: Number.NaN, p95: Number.NaN };
  for (let i = 0; i < 4; i++) await get(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await get();
    if (r.status !== 200) throw new Error(`${path} answered ${r.status} during the run`);
    times.push(r.ms);
  }
  return { status: 200, p50: percentile(times, 50), p95: percentile(times, 95) };
}

const started = performance.now();
log(`size ${sizeName}: ${JSON.stringify(size)}; ${await loadAverage()}`);
const scratch = await scratchDatabase();
const rows: Row[] = [];
let failed = false;
try {
  const { raw, database } = scratch;
  const db = database.db;

  const gen = await timed(() => generateEdition(raw, size, { phase: "review" }));
  const { editionId, slug, organizer } = gen.value;
  log(`generated units, entries, judges, panels in ${ms(gen.ms)}`);
  rows.push({
    step: `generate ${size.units} units, ${size.entries} entries, ${size.judges} judges (SQL)`,
    time: ms(gen.ms),
    baseline: "—",
    ratio: "—",
  });

  await raw`analyze`; // as autovacuum would have by the time an organizer assigns
  const assign = await timed(() => runAutoAssignment({ userId: organizer.id, ip: actor.ip }, editionId));
  if (assign.value.shortfalls.length > 0) log(`assignment shortfalls: ${assign.value.shortfalls.length}`);
  const assignCopy = await copyBaseline(
    scratch.url,
    "assignments",
    ["id", "edition_id", "entry_id", "judge_id", "state", "created_by", "created_at", "updated_at"],
    `select * from assignments where edition_id = ${editionId}`,
  );
  log(`assignment: ${assign.value.added} rows in ${ms(assign.ms)}; COPY ${ms(assignCopy)}`);
  rows.push({
    step: `automatic assignment, k = 5 (${assign.value.added} rows, runAutoAssignment)`,
    time: ms(assign.ms),
    baseline: `COPY ${ms(assignCopy)}`,
    ratio: ratio(assign.ms, assignCopy),
  });

  await db.update(editions).set({ phase: "judging" }).where(eq(editions.id, editionId));
  const scores = await timed(() => generateScores(raw, editionId));
  await raw`analyze`;
  const pointsCopy = await copyBaseline(
    scratch.url,
    "score_points",
    ["assignment_id", "criterion_id", "half_points"],
    `select p.* from score_points p join assignments a on a.id = p.assignment_id where a.edition_id = ${editionId}`,
  );
  log(
    `scores: ${scores.value.sheets} sheets, ${scores.value.points} points in ${ms(scores.ms)}; COPY ${ms(pointsCopy)}`,
  );
  rows.push({
    step: `generate ${scores.value.sheets} submitted sheets, ${scores.value.points} points (INSERT … SELECT)`,
    time: ms(scores.ms),
    baseline: `COPY points ${ms(pointsCopy)}`,
    ratio: ratio(scores.ms, pointsCopy),
  });

  const tally = await timed(() => runTally({ id: organizer.id, ip: actor.ip }, editionId));
  const aggregate = await timed(
    () => raw`
      select e.category_id, s.entry_id, avg(s.total) as expert
      from (select a.entry_id, sum(p.half_points) / 2.0 as total
            from assignments a join score_points p on p.assignment_id = a.id
            where a.edition_id = ${editionId} and a.state = 'submitted'
            group by a.id, a.entry_id) s
      join entries e on e.id = s.entry_id and e.status = 'accepted'
      group by e.category_id, s.entry_id`,
  );
  log(
    `tally: ${tally.value.entries} entries, ${tally.value.sheets} sheets in ${ms(tally.ms)}; SQL ${ms(aggregate.ms)}`,
  );
  rows.push({
    step: `tally (runTally: ${tally.value.sheets} sheets → ${tally.value.entries} results)`,
    time: ms(tally.ms),
    baseline: `SQL avg ${ms(aggregate.ms)}`,
    ratio: ratio(tally.ms, aggregate.ms),
  });

  // The organizer settles ties at tier boundaries (publication refuses them otherwise).
  await db.update(editions).set({ phase: "tallied" }).where(eq(editions.id, editionId));
  const ties = await db
    .select({ entryId: results.entryId, tierId: results.tierId })
    .from(results)
    .innerJoin(tallySnapshots, eq(tallySnapshots.id, results.snapshotId))
    .where(and(eq(tallySnapshots.editionId, editionId), eq(results.tieAtBoundary, true)));
  await db.transaction(async (tx) => {
    for (const t of ties)
      await setOverride(tx, { id: organizer.id, ip: actor.ip }, editionId, {
        ...t,
        reason: "并列，主办方裁定",
      });
  });
  const notice = await timed(() => publishNotice({ id: organizer.id, ip: actor.ip }, editionId));
  const past = new Date(Date.now() - 60_000);
  await db
    .update(editions)
    .set({ noticeStartsAt: new Date(past.getTime() - 86_400_000), noticeEndsAt: past })
    .where(eq(editions.id, editionId));
  const final = await timed(() => publishFinal({ id: organizer.id, ip: actor.ip }, editionId));
  const issued = await db.$count(certificates, eq(certificates.editionId, editionId));
  log(
    `published: notice ${ms(notice.ms)}, final ${ms(final.ms)} (${issued} certificates, ${ties.length} ties settled)`,
  );
  rows.push({
    step: "publish notice (publishNotice, awards frozen)",
    time: ms(notice.ms),
    baseline: "—",
    ratio: "—",
  });
  rows.push({
    step: `publish final list (publishFinal, ${issued} certificate rows)`,
    time: ms(final.ms),
    baseline: "—",
    ratio: "—",
  });

  const [edition] = await db.select().from(editions).where(eq(editions.id, editionId));
  const certs = await db
    .select()
    .from(certificates)
    .where(eq(certificates.editionId, editionId))
    .limit(certificateCount);
  const seal = demoSealPng();
  if (edition && certs.length > 0) {
    for (const c of certs.slice(0, 2)) await certificatePdf(c, edition, seal); // fonts loaded, HarfBuzz compiled
    const render = await timed(async () => {
      for (const c of certs) await certificatePdf(c, edition, seal);
    });
    rows.push({
      step: `certificates: render ${certs.length} PDFs (certificatePdf, one process)`,
      time: `${ms(render.ms)} (${((certs.length * 1000) / render.ms).toFixed(0)} PDFs/s)`,
      baseline: "—",
      ratio: "—",
    });
  }
  await raw`analyze`;

  log(`starting the app; ${await loadAverage()}`);
  const app = await startApp(scratch.url);
  try {
    const organizerCookie = await login(app.url, organizer.email, BENCH_PASSWORD);
    const [busy] = await raw<{ judge_id: string; email: string; id: number }[]>`
      select a.judge_id, u.email, min(a.id)::int as id from assignments a join users u on u.id = a.judge_id
      where a.edition_id = ${editionId} group by a.judge_id, u.email order by count(*) desc limit 1`;
    const judgeCookie = busy ? await login(app.url, busy.email, BENCH_PASSWORD) : "";
    const lastReviewPage = Math.ceil(size.entries / 50);
    const lastAssignmentPage = Math.ceil(assign.value.added / 100);
    const pages: [string, string, string][] = [
      ["/healthz (baseline)", "/healthz", ""],
      ["public edition page /e/:slug", `/e/${slug}`, ""],
      ["public results page /e/:slug/results", `/e/${slug}/results`, ""],
      ["admin review queue, page 1", `/admin/editions/${editionId}/review`, organizerCookie],
      [
        `admin review queue, page ${lastReviewPage}`,
        `/admin/editions/${editionId}/review?page=${lastReviewPage}`,
        organizerCookie,
      ],
      ["admin assignments, page 1", `/admin/editions/${editionId}/assignments`, organizerCookie],
      [
        `admin assignments, page ${lastAssignmentPage}`,
        `/admin/editions/${editionId}/assignments?page=${lastAssignmentPage}`,
        organizerCookie,
      ],
      ["admin audit log, page 1", "/admin/audit", organizerCookie],
      ["admin audit log of the edition, page 1", `/admin/audit?edition=${editionId}`, organizerCookie],
      ["admin results page", `/admin/editions/${editionId}/results`, organizerCookie],
      ["admin certificates, page 1", `/admin/editions/${editionId}/certificates`, organizerCookie],
      ["judge queue /judge (busiest judge)", "/judge", judgeCookie],
      ["judge score sheet /judge/assignments/:id", `/judge/assignments/${busy?.id}`, judgeCookie],
    ];
    let floor = Number.NaN;
    let floor95 = Number.NaN;
    for (const [label, path, cookie] of pages) {
      const m = await measurePage(app.url, path, cookie, samples);
      if (path === "/healthz") {
        floor = m.p50;
        floor95 = m.p95;
        rows.push({
          step: `page ${label}, p50 / p95 of ${samples}`,
          time: `${ms(m.p50)} / ${ms(m.p95)}`,
          baseline: "—",
          ratio: "1×",
        });
        continue;
      }
      if (m.status !== 200) {
        rows.push({
          step: `page ${label}`,
          time: `answered ${m.status} (no such page here)`,
          baseline: "—",
          ratio: "—",
        });
        continue;
      }
      rows.push({
        step: `page ${label}, p50 / p95 of ${samples}`,
        time: `${ms(m.p50)} / ${ms(m.p95)}`,
        baseline: `healthz ${ms(floor)} / ${ms(floor95)}`,
        ratio: `${ratio(m.p50, floor)} / ${ratio(m.p95, floor95)}`,
      });
    }
  } finally {
    await app.stop();
  }
  rows.push({ step: "whole run", time: ms(performance.now() - started), baseline: "—", ratio: "—" });
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await scratch.drop(keep);
}
console.log(`\nnpm run bench -- --size ${sizeName}   (${await loadAverage()} at the end)\n`);
printTable(rows);
process.exit(failed ? 1 : 0);
