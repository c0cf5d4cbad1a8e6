import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type Db, setDatabase } from "#db/client.server";
import * as schema from "#db/schema";
import { listAudit } from "~/modules/audit/audit.server";
import { listAssignments, runAutoAssignment } from "~/modules/judging/assignments.server";
import { judgeAssignmentsInCategory, judgeQueue } from "~/modules/judging/sheets.server";
import { currentAwards } from "~/modules/results/publish.server";
import { reviewQueue } from "~/modules/review/review.server";
import { runTally } from "~/modules/tally/tally.server";
import { type Generated, generateEdition, generateScores, SIZES } from "../../bench/lib/generate";
import { type Scratch, scratchDatabase } from "../../bench/lib/scratch";
import { testBackend } from "../../support/db";

/*
 * The hot list queries can be served by an index: each module function runs against a generated
 * edition (2,000 entries, 10,000 assignments, 60,000 points, 10,000 audit records) through a
 * drizzle handle that records the SQL it sends; that exact SQL (with its parameters) is then
 * explained with sequential scans switched off, and the plan must read the expected index. A
 * missing index leaves PostgreSQL no choice but a (disabled, still chosen) sequential scan.
 */

type Captured = { query: string; params: unknown[] };
type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const INDEX_SCANS = new Set(["Index Scan", "Index Only Scan", "Bitmap Index Scan"]);

// PGlite is one embedded connection with a tiny planner workload; the plans that matter are the
// server's, so this file runs on PostgreSQL only.
describe.skipIf(testBackend() !== "postgres")("hot list queries use their indexes (PostgreSQL)", () => {
  let scratch: Scratch;
  let client: postgres.Sql;
  let gen: Generated;
  let captured: Captured[] = [];
  let recorded: Db;

  beforeAll(async () => {
    scratch = await scratchDatabase("explain", process.env.TEST_DATABASE_URL);
    client = connectPostgres(scratch.url, { max: 2, onnotice: () => {} });
    recorded = drizzle(client, {
      schema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    }) as unknown as Db;
    setDatabase({ ...scratch.database, db: recorded });
    gen = await generateEdition(scratch.raw, SIZES.small, { phase: "review" });
    await runAutoAssignment({ userId: gen.organizer.id, ip: "127.0.0.1" }, gen.editionId);
    await scratch.raw`update editions set phase = 'judging' where id = ${gen.editionId}`;
    await generateScores(scratch.raw, gen.editionId);
    await runTally({ id: gen.organizer.id, ip: "127.0.0.1" }, gen.editionId);
    // Another edition's audit trail, written later: the edition filter must not walk through it.
    await scratch.raw`
      insert into audit_log (actor_id, ip, action, subject_type, subject_id, edition_id, hash, prev_hash)
      select 'someone', '127.0.0.1', 'sheet.submit', 'assignment', g::text, ${gen.editionId + 1000}, md5(g::text), ''
      from generate_series(1, 50000) g`;
    await scratch.raw`analyze`;
  });

  afterAll(async () => {
    await client?.end({ timeout: 5 });
    await scratch?.drop(false);
  });

  /** Runs the module call, then explains every statement it sent; answers the plans' nodes. */
  async function plansOf(call: () => Promise<unknown>): Promise<PlanNode[][]> {
    captured = [];
    await call();
    const sent = captured;
    expect(sent.length).toBeGreaterThan(0);
    return client.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      const plans: PlanNode[][] = [];
      for (const { query, params } of sent) {
        const [row] = await tx.unsafe<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(
          `explain (format json) ${query}`,
          params as postgres.ParameterOrJSON<never>[],
        );
        const plan = row?.["QUERY PLAN"][0]?.Plan;
        if (!plan) throw new Error(`no plan for ${query}`);
        plans.push(nodes(plan));
      }
      return plans;
    });
  }

  /** `relation` is read through one of `indexes` and never scanned whole. */
  function expectIndex(plans: PlanNode[][], relation: string, ...indexes: string[]) {
    const all = plans.flat();
    const shown = all.map((n) => [n["Node Type"], n["Index Name"] ?? n["Relation Name"]]);
    expect(
      all.some((n) => INDEX_SCANS.has(n["Node Type"]) && indexes.includes(n["Index Name"] ?? "")),
      `${relation} read through ${indexes.join(" or ")}; plan nodes: ${JSON.stringify(shown)}`,
    ).toBe(true);
    expect(all.some((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === relation)).toBe(false);
  }

  it("review queue page: entries of the edition past draft, by id", async () => {
    // An ordered walk of the primary key that stops after one page of matching rows.
    const plans = await plansOf(() => reviewQueue(gen.editionId, { page: 3 }));
    expectIndex(plans, "entries", "entries_pkey", "entries_review_idx");
  });

  it("review queue of one category", async () => {
    const plans = await plansOf(() =>
      reviewQueue(gen.editionId, { page: 1, categoryId: gen.categoryIds[0], status: "accepted" }),
    );
    expectIndex(plans, "entries", "entries_review_idx");
  });

  it("assignments page: the edition's assignments", async () => {
    // The page's ids from the (edition, entry, id) index; names joined for those rows by key.
    const plans = await plansOf(() => listAssignments(gen.editionId, 5));
    expectIndex(plans, "assignments", "assignments_edition_entry_idx");
    expectIndex(plans, "entries", "entries_pkey");
  });

  it("audit log page, newest first, and one edition's records", async () => {
    expectIndex(await plansOf(() => listAudit({}, 2)), "audit_log", "audit_log_pkey");
    // With another edition's records newer than this one's, the edition's index is worth it.
    const [made] = await client`select 1 from pg_indexes where indexname = 'audit_log_edition_id_idx'`;
    expect(made, "audit_log_edition_id_idx is in db/schema but no migration creates it yet").toBeDefined();
    expectIndex(
      await plansOf(() => listAudit({ editionId: gen.editionId }, 1)),
      "audit_log",
      "audit_log_edition_id_idx",
    );
  });

  it("results list: the current awards of the edition's snapshot, per category", async () => {
    const plans = await plansOf(() => currentAwards(recorded, gen.editionId));
    expectIndex(plans, "results", "results_category_rank_idx");
  });

  it("judge queue and the judge's list in one category", async () => {
    const judgeId = gen.judgeIds[0] as string;
    expectIndex(await plansOf(() => judgeQueue(judgeId)), "assignments", "assignments_judge_idx");
    const plans = await plansOf(() => judgeAssignmentsInCategory(judgeId, gen.categoryIds[0] as number));
    expectIndex(plans, "assignments", "assignments_judge_idx");
  });
});
