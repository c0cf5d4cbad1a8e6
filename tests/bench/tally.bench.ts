/**
 * Tally benchmark on PostgreSQL: times runTally end to end (load, compute, snapshot write, audit)
 * on a generated national-size edition, then a second run that replaces the snapshot.
 *
 *   npm run bench:tally
 *   npm run bench:tally -- --entries 2000          # a quick run
 *   npm run bench:tally -- --keep                  # keep the scratch database to look into it
 *
 * Defaults: 20,000 accepted entries over 6 categories, 5 submitted sheets per entry, 6 criteria
 * per category (600,000 score points), 30 judges per category panel, three tiers per category,
 * normalisation on and a data weight of 20 % (the heaviest settings: normalisation also asks
 * for the raw ranks). The data is generated inside PostgreSQL with
 * INSERT ... SELECT generate_series, in a scratch database created and dropped by the bench.
 * DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/test).
 * Not part of `npm test` (vitest includes only *.test.ts).
 */
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { connectPostgres, openDatabase } from "#db/client.server";
import { editions } from "#db/schema";
import { rawRanks } from "~/modules/tally/raw-ranks";
import { tally } from "~/modules/tally/tally";
import { loadTallyInput, runTally } from "~/modules/tally/tally.server";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const ENTRIES = arg("--entries", 20_000);
const CATEGORIES = arg("--categories", 6);
const SHEETS = arg("--sheets", 5);
const CRITERIA = arg("--criteria", 6);
const PANEL = arg("--panel", 30);
const TARGET_MS = 3000;

const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const scratch = `pingxuan_bench_tally_${process.pid}`;

async function main() {
  const admin = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${scratch}`);
  const url = new URL(adminUrl);
  url.pathname = `/${scratch}`;
  const database = await openDatabase({ kind: "postgres", url: url.toString(), max: 4 });
  try {
    const t0 = performance.now();
    const editionId = await generate(database.rows.bind(database));
    const generated = performance.now() - t0;
    const actor = { id: "bench-organizer", ip: "127.0.0.1" };

    const first0 = performance.now();
    const first = await runTally(actor, editionId, { executor: database.db });
    const firstMs = performance.now() - first0;
    const second0 = performance.now();
    const second = await runTally(actor, editionId, { executor: database.db });
    const secondMs = performance.now() - second0;

    // The parts of a run, measured apart (warm): the load queries, the pure tally with the raw ranks.
    const [edition] = await database.db.select().from(editions).where(eq(editions.id, editionId));
    if (!edition) throw new Error("no edition");
    const load0 = performance.now();
    const input = await loadTallyInput(database.db, edition);
    const loadMs = performance.now() - load0;
    const compute0 = performance.now();
    rawRanks(input, tally(input));
    const computeMs = performance.now() - compute0;

    const [points] = await database.rows<{ n: number }>(sql`select count(*)::int as n from score_points`);
    const rows: [string, string][] = [
      ["entries (accepted)", String(ENTRIES)],
      ["categories", String(CATEGORIES)],
      ["sheets (submitted)", String(first.sheets)],
      ["score points", String(points?.n ?? 0)],
      ["settings", "trimmed mean from 5 sheets, normalisation on, data weight 20 %"],
      ["data generation", `${(generated / 1000).toFixed(2)} s`],
      ["first run (no snapshot yet)", `${(firstMs / 1000).toFixed(2)} s`],
      ["second run (replaces the snapshot)", `${(secondMs / 1000).toFixed(2)} s`],
      ["of which: load (4 queries)", `${(loadMs / 1000).toFixed(2)} s`],
      ["of which: tally and raw ranks", `${(computeMs / 1000).toFixed(2)} s`],
      ["results written per run", `${first.entries} / ${second.entries}`],
      [`under ${TARGET_MS / 1000} s`, firstMs < TARGET_MS && secondMs < TARGET_MS ? "yes" : "NO"],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  } finally {
    await database.close();
    if (process.argv.includes("--keep")) console.log(`kept database ${scratch}`);
    else await admin.unsafe(`drop database if exists ${scratch} with (force)`);
    await admin.end();
  }
}

/** Builds the edition inside PostgreSQL; returns its id. */
async function generate(rows: <T>(q: ReturnType<typeof sql>) => Promise<T[]>): Promise<number> {
  await rows(sql`insert into users (id, email, name, role, password_hash)
    values ('bench-organizer', 'organizer@bench.invalid', '主办方', 'organizer', 'x')`);
  await rows(sql`insert into users (id, email, name, role, password_hash)
    select 'bench-judge-' || lpad(g::text, 4, '0'), 'judge' || g || '@bench.invalid', '评委' || g, 'judge', 'x'
    from generate_series(1, ${CATEGORIES * PANEL}) g`);
  const [edition] = await rows<{ id: number }>(sql`insert into editions
      (slug, name, year, organizers, phase, trim_from, normalise_scores, data_weight_percent)
    values ('bench', '基准评选', 2026, '主办方', 'judging', 5, true, 20) returning id`);
  const editionId = edition?.id ?? 0;
  await rows(sql`insert into categories (edition_id, code, name, position)
    select ${editionId}, 'C' || g, '类别' || g, g from generate_series(1, ${CATEGORIES}) g`);
  // Tiers: 2 %, 5 % and 10 % of the category's entries.
  const perCategory = Math.ceil(ENTRIES / CATEGORIES);
  await rows(sql`insert into tiers (category_id, name, quota, position)
    select c.id, t.name, greatest(1, (${perCategory} * t.share)::int), t.pos
    from categories c cross join (values ('一等奖', 0.02, 1), ('二等奖', 0.05, 2), ('三等奖', 0.10, 3)) t(name, share, pos)
    where c.edition_id = ${editionId}`);
  await rows(sql`insert into criteria (category_id, name, max_points, position)
    select c.id, '指标' || g, case when g = 1 then 25 else 15 end, g
    from categories c cross join generate_series(1, ${CRITERIA}) g where c.edition_id = ${editionId}`);
  await rows(sql`insert into units (name, credit_code, region_code, region_name, level, type, status)
    select '单位' || g, 'BENCH' || lpad(g::text, 13, '0'), '110000', '北京市', 'city', 'department', 'approved'
    from generate_series(1, 2000) g`);
  await rows(sql`insert into entries (edition_id, category_id, unit_id, reference, status, title, platform, reads, likes, shares)
    select ${editionId}, c.id, u.id, 'B-' || lpad(g::text, 6, '0'), 'accepted', '案例' || g, 'wechat',
           (g::bigint * 7919) % 100000, (g::bigint * 104729) % 5000, (g::bigint * 1299709) % 800
    from generate_series(1, ${ENTRIES}) g
    join categories c on c.edition_id = ${editionId} and c.position = 1 + (g % ${CATEGORIES})
    join units u on u.credit_code = 'BENCH' || lpad((1 + g % 2000)::text, 13, '0')`);
  // Each entry: SHEETS judges of its category's panel, distinct because 7k mod PANEL differs.
  await rows(sql`insert into assignments (edition_id, entry_id, judge_id, state)
    select ${editionId}, e.id,
           'bench-judge-' || lpad(((c.position - 1) * ${PANEL} + 1 + (e.id + k * 7) % ${PANEL})::text, 4, '0'),
           'submitted'
    from entries e join categories c on c.id = e.category_id
    cross join generate_series(0, ${SHEETS - 1}) k
    where e.edition_id = ${editionId}`);
  await rows(sql`insert into score_sheets (assignment_id, submitted_at)
    select id, now() from assignments where edition_id = ${editionId}`);
  // Points: the entry's quality plus the judge's leniency plus noise, within 0..max (half points).
  await rows(sql`insert into score_points (assignment_id, criterion_id, half_points)
    select a.id, r.id,
           least(r.max_points * 2, greatest(0, (r.max_points * 2 * (
             0.35 + 0.4 * ((a.entry_id * 2654435761::bigint) % 1000) / 1000.0
             + 0.1 * ((hashtext(a.judge_id) & 1023) / 1023.0 - 0.5)
             + 0.2 * ((hashtext(a.id::text || r.id::text) & 1023) / 1023.0 - 0.5)))::int))
    from assignments a join entries e on e.id = a.entry_id join criteria r on r.category_id = e.category_id
    where a.edition_id = ${editionId}`);
  await rows(sql`analyze`);
  return editionId;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
