import type postgres from "postgres";
import { hashPassword } from "~/modules/auth/password.server";

/*
 * Synthetic editions, generated in SQL (INSERT … SELECT generate_series) so that a national-size
 * edition takes seconds, not the minutes row-by-row inserts would. A fixed seed (setseed) makes
 * every run see the same edition.
 */

export const BENCH_PASSWORD = "bench password 2026";

export type Size = {
  units: number;
  entries: number;
  judges: number;
  categories: number;
  /** Declared judge × unit conflicts on top of the judges' own units. */
  conflicts: number;
};

export const SIZES: Record<"small" | "medium" | "national", Size> = {
  small: { units: 800, entries: 2_000, judges: 60, categories: 12, conflicts: 100 },
  medium: { units: 5_000, entries: 12_500, judges: 150, categories: 12, conflicts: 600 },
  national: { units: 20_000, entries: 50_000, judges: 500, categories: 12, conflicts: 2_000 },
};

/** Six criteria per category, 100 points in all. */
export const RUBRIC = [
  { name: "导向正确", maxPoints: 20 },
  { name: "内容质量", maxPoints: 20 },
  { name: "创新表达", maxPoints: 20 },
  { name: "传播效果", maxPoints: 15 },
  { name: "服务实效", maxPoints: 15 },
  { name: "规范运营", maxPoints: 10 },
];

/** Tiers and their share of a category's entries. */
const TIERS = [
  { name: "一等奖", share: 0.02 },
  { name: "二等奖", share: 0.04 },
  { name: "三等奖", share: 0.06 },
];

export type Generated = {
  editionId: number;
  slug: string;
  organizer: { id: string; email: string };
  judgeIds: string[];
  categoryIds: number[];
};

type Options = { phase: "review" | "judging"; judgesPerEntry?: number; judgeEmailPrefix?: string };

/** Units, an edition with categories (rubric, tiers), accepted entries, judges on panels, conflicts. */
export async function generateEdition(raw: postgres.Sql, size: Size, options: Options): Promise<Generated> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const slug = `bench-${Date.now()}`;
  return raw.begin(async (tx) => {
    await tx`select setseed(0.2026)`;
    const organizerEmail = `organizer@${slug}.example.cn`;
    const [organizer] = await tx<{ id: string }[]>`
      insert into users (id, email, name, role, password_hash)
      values (${`bench-organizer-${slug}`}, ${organizerEmail}, '主办方', 'organizer', ${hash})
      returning id`;
    await tx.unsafe(
      `insert into units (name, credit_code, region_code, region_name, level, type, status, contact_name, contact_email)
       select '第' || g || '号政务新媒体中心',
              '91' || lpad(g::text, 16, '0'),
              (array['440100','440300','441900','440600','440400','440500'])[1 + g % 6],
              (array['广州市','深圳市','东莞市','佛山市','珠海市','汕头市'])[1 + g % 6],
              'city', 'department', 'approved', '联系人', 'unit' || g || '@bench.example.cn'
       from generate_series(1, $1::int) g`,
      [size.units],
    );
    const [edition] = await tx<{ id: number }[]>`
      insert into editions (slug, name, year, organizers, phase, stats_from, stats_to, judges_per_entry,
                            trim_from, data_weight_percent, blind_review)
      values (${slug}, '2026年度全国政务新媒体优秀案例评选（基准）', 2026, ${"南方报业传媒集团\n广东省政务新媒体研究中心"},
              ${options.phase}, '2026-01-01', '2026-10-31', ${options.judgesPerEntry ?? 5}, 5, 20, true)
      returning id`;
    const editionId = edition?.id as number;
    const categoryIds: number[] = [];
    for (let c = 1; c <= size.categories; c++) {
      const [category] = await tx<{ id: number }[]>`
        insert into categories (edition_id, code, name, position)
        values (${editionId}, ${`C${String(c).padStart(2, "0")}`}, ${`类别${c}`}, ${c})
        returning id`;
      const categoryId = category?.id as number;
      categoryIds.push(categoryId);
      for (const [i, line] of RUBRIC.entries()) {
        await tx`insert into criteria (category_id, name, max_points, position)
                 values (${categoryId}, ${line.name}, ${line.maxPoints}, ${i + 1})`;
      }
    }
    // Uneven categories, as in real editions: power(random(), 1.4) leans towards the first ones.
    await tx.unsafe(
      `with picked as (
         select g,
                ($2::int[])[1 + floor(array_length($2::int[], 1) * power(random(), 1.4))::int] as category_id,
                (select min(id) from units) + floor(random() * $3)::int as unit_id
         from generate_series(1, $4::int) g
       )
       insert into entries (edition_id, category_id, unit_id, reference, status, title, platform, link, link_key,
                            publish_date, summary, reads, plays, likes, shares, comments, submitted_at, reviewed_at)
       select $1, p.category_id, p.unit_id,
              '2026-' || c.code || '-' || lpad(row_number() over (partition by p.category_id order by p.g)::text, 5, '0'),
              'accepted',
              '第' || p.g || '号案例：政务新媒体服务群众的创新实践',
              (array['weibo','wechat','douyin','channels','toutiao'])[1 + p.g % 5],
              'https://example.cn/case/' || p.g, 'example.cn/case/' || p.g,
              date '2026-01-01' + (p.g % 300),
              '案例摘要', floor(random() * 1000000)::bigint, floor(random() * 500000)::bigint,
              floor(random() * 50000)::bigint, floor(random() * 20000)::bigint, floor(random() * 5000)::bigint,
              now(), now()
       from picked p join categories c on c.id = p.category_id`,
      [editionId, categoryIds, size.units, size.entries],
    );
    await tx.unsafe(
      `insert into tiers (category_id, name, quota, position)
       select c.id, t.name, greatest(1, ceil(count(e.id) * t.share))::int, t.position
       from categories c
       join entries e on e.category_id = c.id
       cross join (select * from unnest($2::text[], $3::float8[]) with ordinality as t(name, share, position)) t
       where c.edition_id = $1
       group by c.id, t.name, t.share, t.position`,
      [editionId, TIERS.map((t) => t.name), TIERS.map((t) => t.share)],
    );
    const prefix = options.judgeEmailPrefix ?? "judge";
    // One judge in five works for a unit (an automatic conflict with that unit's entries).
    const judgeIds = (
      await tx.unsafe<{ id: string }[]>(
        `insert into users (id, email, name, role, password_hash, unit_id)
         select 'bench-judge-' || lpad(g::text, 4, '0'), $1 || g || '@' || $2, '评委' || g, 'judge', $3,
                case when g % 5 = 0 then (select min(id) from units) + floor(random() * $4)::int end
         from generate_series(1, $5::int) g
         returning id`,
        [prefix, `${slug}.example.cn`, hash, size.units, size.judges],
      )
    ).map((r) => r.id);
    await tx`insert into judges (user_id, title, affiliation, unit_id, region_code)
             select id, '研究员', '传播研究院', unit_id, '440100' from users where role = 'judge' and id like 'bench-judge-%'`;
    // Every judge on one panel (round robin), half of them on a second one.
    await tx.unsafe(
      `insert into judge_categories (judge_id, category_id)
       select u.id, ($1::int[])[1 + (n % array_length($1::int[], 1))]
       from (select id, row_number() over (order by id) as n from users where id like 'bench-judge-%') u
       union
       select u.id, ($1::int[])[1 + ((n + 1 + floor(random() * (array_length($1::int[], 1) - 1))::int) % array_length($1::int[], 1))]
       from (select id, row_number() over (order by id) as n from users where id like 'bench-judge-%') u
       where random() < 0.5`,
      [categoryIds],
    );
    await tx.unsafe(
      `insert into conflicts (edition_id, judge_id, unit_id, source, reason)
       select $1, 'bench-judge-' || lpad((1 + floor(random() * $2))::int::text, 4, '0'),
              (select min(id) from units) + floor(random() * $3)::int, 'declared', '曾任职'
       from generate_series(1, $4::int)
       on conflict do nothing`,
      [editionId, size.judges, size.units, size.conflicts],
    );
    return {
      editionId,
      slug,
      organizer: { id: organizer?.id as string, email: organizerEmail },
      judgeIds,
      categoryIds,
    };
  });
}

/**
 * Every assignment of the edition submitted, with a sheet and points on all six criteria. A
 * judge's leniency and an entry's quality shift the points so the ranking means something.
 * Also the `sheet.submit` audit records the app writes with each submission (their hash chain is
 * not computed: the benchmark database is thrown away).
 */
export async function generateScores(
  raw: postgres.Sql,
  editionId: number,
): Promise<{ sheets: number; points: number; audit: number }> {
  return raw.begin(async (tx) => {
    await tx`select setseed(0.7)`;
    const sheets = await tx`
      insert into score_sheets (assignment_id, comment, version, submitted_at, updated_at)
      select id, '', 1, now(), now() from assignments where edition_id = ${editionId}`;
    const points = await tx`
      insert into score_points (assignment_id, criterion_id, half_points)
      select a.id, c.id,
             least(c.max_points * 2, greatest(0, round(c.max_points * 2 *
               (0.55 + 0.25 * random() + (abs(hashtext(a.judge_id)) % 200 - 100) / 1000.0
                                       + (abs(hashtext(e.id::text)) % 200 - 100) / 800.0))))::int
      from assignments a
      join entries e on e.id = a.entry_id
      join criteria c on c.category_id = e.category_id
      where a.edition_id = ${editionId}`;
    await tx`update assignments set state = 'submitted', updated_at = now() where edition_id = ${editionId}`;
    const audit = await tx`
      insert into audit_log (actor_id, ip, action, subject_type, subject_id, edition_id, after, hash, prev_hash)
      select judge_id, '127.0.0.1', 'sheet.submit', 'assignment', id::text, edition_id, '{}'::jsonb, md5(id::text), ''
      from assignments where edition_id = ${editionId} order by id`;
    return { sheets: sheets.count, points: points.count, audit: audit.count };
  });
}
