/**
 * Load on the judging path: 300 judges logged in over HTTP, each opening their next assignment
 * (GET /judge/assignments/:id) and saving its sheet twice, a draft and then the submission (the
 * form the page posts: `points.<criterionId>`, `comment`, `version`, `intent`), at a steady rate
 * against ONE app process on PostgreSQL. Afterwards the rows are counted: every save the server
 * answered with its redirect must be in the database.
 *
 *   npm run bench:load                          # 100 saves/s for 60 s
 *   npm run bench:load -- --duration 15         # shorter
 *   npm run bench:load -- --rate 50 --connections 50 --keep
 *   npm run bench:load -- --profile prof     # the app's CPU profile (.cpuprofile) into ./prof
 *   npm run bench:load -- --instances 20     # how many autocannon instances share the connections (default 10)
 */
import autocannon, { type RequestStep } from "autocannon";
import { flag, numberOption, option } from "./lib/args";
import { cpuUsedBetween, sampleCpu } from "./lib/cpu";
import { BENCH_PASSWORD, generateEdition } from "./lib/generate";
import { scratchDatabase } from "./lib/scratch";
import { login, startApp } from "./lib/server";
import { loadAverage, ms, percentile } from "./lib/stats";

const JUDGES = 300;
const duration = numberOption("--duration", 60);
const savesPerSecond = numberOption("--rate", 100);
const connections = numberOption("--connections", 100);
const keep = flag("--keep");
const profileDir = option("--profile", "");
/** autocannon instances, started evenly over one second (see below). */
const INSTANCES = numberOption("--instances", 10);
if (connections % INSTANCES !== 0) throw new Error(`--connections must be a multiple of ${INSTANCES}`);
// Each cycle is one GET and two saves; enough assignments that no judge runs out.
const cycles = Math.ceil((savesPerSecond / 2) * duration * 1.3) + connections;
const perJudge = Math.ceil(cycles / JUDGES);

type Item = { assignmentId: number; cookie: string; criteria: number[] };

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
log(
  `${JUDGES} judges × ${perJudge} assignments; ${savesPerSecond} saves/s for ${duration} s; ${await loadAverage()}`,
);

const scratch = await scratchDatabase("benchload");
let failed = false;
try {
  const { raw } = scratch;
  const entriesCount = (JUDGES * perJudge) / 5;
  const gen = await generateEdition(
    raw,
    { units: 500, entries: Math.ceil(entriesCount), judges: JUDGES, categories: 12, conflicts: 0 },
    { phase: "judging" },
  );
  // Five distinct judges per entry: judge j's s-th assignment is entry (j·A + s) mod (60·A).
  await raw`
    insert into assignments (edition_id, entry_id, judge_id)
    select ${gen.editionId}, e.id, j.id
    from (select id, row_number() over (order by id) - 1 as n from users where id like 'bench-judge-%') j
    cross join generate_series(0, ${perJudge - 1}) s
    join (select id, row_number() over (order by id) - 1 as n from entries where edition_id = ${gen.editionId}) e
      on e.n = (j.n * ${perJudge} + s) % ${Math.ceil(entriesCount)}`;
  await raw`analyze`;
  const rows = await raw<{ id: number; judge_id: string; email: string; criteria: number[] }[]>`
    select a.id, a.judge_id, u.email, array_agg(c.id order by c.position) as criteria
    from assignments a join users u on u.id = a.judge_id join entries e on e.id = a.entry_id
    join criteria c on c.category_id = e.category_id
    where a.edition_id = ${gen.editionId}
    group by a.id, a.judge_id, u.email order by a.id`;

  const app = await startApp(scratch.url, profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []);
  try {
    const emails = [...new Map(rows.map((r) => [r.judge_id, r.email]))];
    const cookies = new Map<string, string>();
    // Four logins at a time (each checks an Argon2 hash).
    for (let i = 0; i < emails.length; i += 4) {
      await Promise.all(
        emails
          .slice(i, i + 4)
          .map(async ([id, email]) => cookies.set(id, await login(app.url, email, BENCH_PASSWORD))),
      );
    }
    log(`${cookies.size} judges logged in; ${await loadAverage()}`);

    // The work queue, judges taking turns: item i is judge (i mod 300)'s next assignment.
    const byJudge = new Map<string, Item[]>();
    for (const r of rows) {
      const list = byJudge.get(r.judge_id) ?? [];
      list.push({
        assignmentId: r.id,
        cookie: cookies.get(r.judge_id) as string,
        criteria: r.criteria.map(Number),
      });
      byJudge.set(r.judge_id, list);
    }
    const queue: Item[] = [];
    for (let s = 0; s < perJudge; s++)
      for (const list of byJudge.values()) if (list[s]) queue.push(list[s] as Item);
    let next = 0;

    const form = (item: Item, intent: "save" | "submit", version: number) => {
      const body = new URLSearchParams({ intent, version: String(version), comment: "选题精准，表达清楚。" });
      const n = intent === "submit" ? item.criteria.length : 3;
      for (const [i, id] of item.criteria.slice(0, n).entries())
        body.set(`points.${id}`, String(6 + ((item.assignmentId + i) % 8) / 2));
      return body.toString();
    };
    const postHeaders = (item: Item) => ({
      Cookie: item.cookie,
      Origin: app.url,
      "Content-Type": "application/x-www-form-urlencoded",
    });
    const latency: Record<"page" | "draft" | "submit", number[]> = { page: [], draft: [], submit: [] };
    const bad: Record<string, number> = {};
    const submitted = new Set<number>();
    const drafted = new Set<number>();
    let lastKind: keyof typeof latency = "page";
    let exhausted = false;
    const expect = (kind: keyof typeof latency, status: number, wanted: number) => {
      lastKind = kind;
      if (status !== wanted) bad[`${kind} ${status}`] = (bad[`${kind} ${status}`] ?? 0) + 1;
    };

    /** One of the cycle's two saves: the form the page posts, and the answer it must get. */
    const save = (
      kind: "draft" | "submit",
      intent: "save" | "submit",
      version: number,
      answered: Set<number>,
    ): RequestStep => ({
      method: "POST",
      setupRequest: (req, ctx) => {
        const item = ctx.item as Item;
        return {
          ...req,
          method: "POST",
          path: `/judge/assignments/${item.assignmentId}`,
          headers: postHeaders(item),
          body: form(item, intent, version),
        };
      },
      onResponse: (status, _body, ctx) => {
        expect(kind, status, 302);
        if (status === 302) answered.add((ctx.item as Item).assignmentId);
      },
    });

    const run = () =>
      autocannon({
        url: app.url,
        connections: connections / INSTANCES,
        duration,
        overallRate: (savesPerSecond * 1.5) / INSTANCES,
        timeout: 30,
        requests: [
          {
            method: "GET",
            setupRequest: (req, ctx) => {
              const item = queue[next++] ?? queue[queue.length - 1];
              if (next > queue.length) exhausted = true;
              ctx.item = item;
              return {
                ...req,
                method: "GET",
                path: `/judge/assignments/${item?.assignmentId}`,
                headers: { Cookie: item?.cookie ?? "" },
              };
            },
            onResponse: (status) => expect("page", status, 200),
          },
          save("draft", "save", 0, drafted),
          save("submit", "submit", 1, submitted),
        ],
      });
    // autocannon keeps a rate as a quota per connection and second, refilled on a 1-s timer: all
    // connections of one instance fire together at the top of each second. Instances started
    // 1/INSTANCES s apart spread those bursts over the second, nearer a steady arrival.
    const cpuBefore = sampleCpu(app.pid, scratch.name);
    const instances = [];
    for (let i = 0; i < INSTANCES; i++) {
      const instance = run();
      // onResponse runs just before autocannon's own "response" event, so lastKind names this one.
      instance.on("response", (_client: unknown, _status: number, _bytes: number, time: number) => {
        latency[lastKind].push(time);
      });
      instances.push(instance);
      await new Promise((r) => setTimeout(r, 1000 / INSTANCES));
    }
    const results = await Promise.all(instances);
    const cpu = cpuUsedBetween(cpuBefore, sampleCpu(app.pid, scratch.name));
    const result = {
      duration: Math.max(...results.map((r) => r.duration)),
      requests: { total: results.reduce((a, r) => a + r.requests.total, 0) },
      errors: results.reduce((a, r) => a + r.errors, 0),
      timeouts: results.reduce((a, r) => a + r.timeouts, 0),
    };
    log(`done; ${await loadAverage()}`);

    const [db] = await raw<
      { submitted: number; sheets: number; locked: number; points: number; drafts: number }[]
    >`
      select count(*) filter (where a.state = 'submitted')::int as submitted,
             count(s.assignment_id)::int as sheets,
             count(*) filter (where s.submitted_at is not null)::int as locked,
             coalesce(sum((select count(*) from score_points p where p.assignment_id = a.id)), 0)::int as points,
             count(*) filter (where s.assignment_id is not null and a.state = 'assigned')::int as drafts
      from assignments a left join score_sheets s on s.assignment_id = a.id
      where a.edition_id = ${gen.editionId}`;
    // Every save answered with the redirect must be in the database: submits as submitted sheets
    // with six points, drafts as sheets. Requests still in flight when the run stopped may have
    // been saved without their answer being counted: those show as extra rows, never as lost ones.
    const [check] = await raw<{ submittedOk: number; draftedOk: number }[]>`
      select count(*) filter (where a.id = any(${[...submitted]}::int[]) and a.state = 'submitted'
                                and (select count(*) from score_points p where p.assignment_id = a.id) = 6)::int as "submittedOk",
             count(*) filter (where a.id = any(${[...drafted]}::int[]) and s.assignment_id is not null)::int as "draftedOk"
      from assignments a left join score_sheets s on s.assignment_id = a.id
      where a.edition_id = ${gen.editionId}`;
    const all = [...latency.page, ...latency.draft, ...latency.submit];
    const saves = [...latency.draft, ...latency.submit];
    const line = (label: string, xs: number[]) =>
      console.log(
        `${label.padEnd(26)} ${String(xs.length).padStart(7)}   p50 ${ms(percentile(xs, 50)).padStart(7)}   p95 ${ms(percentile(xs, 95)).padStart(7)}   p99 ${ms(percentile(xs, 99)).padStart(7)}   max ${ms(Math.max(...xs)).padStart(7)}`,
      );
    const savesPerS = saves.length / result.duration;
    console.log(
      `\nnpm run bench:load -- --duration ${duration} --rate ${savesPerSecond} --connections ${connections}`,
    );
    console.log(
      `one app process on PostgreSQL; ${JUDGES} judges logged in; ${connections} connections in ${INSTANCES} autocannon instances started 1/${INSTANCES} s apart\n`,
    );
    console.log(
      `requests/s                 ${(result.requests.total / result.duration).toFixed(1)} (saves/s ${savesPerS.toFixed(1)})`,
    );
    line("all requests", all);
    line("saves (draft + submit)", saves);
    line("  drafts", latency.draft);
    line("  submits", latency.submit);
    line("score-sheet page GETs", latency.page);
    // CPU per request does not depend on what else the machine runs, as latency does.
    const perRequest = (x: number) => `${(x / result.requests.total).toFixed(2)} ms`;
    const targetRate = savesPerSecond * 1.5;
    console.log(
      `CPU per request            app ${perRequest(cpu.app)}, database ${perRequest(cpu.database)}, load generator ${perRequest(cpu.self)}`,
    );
    console.log(
      `cores busy at ${targetRate} req/s      app ${(((cpu.app / result.requests.total) * targetRate) / 1000).toFixed(2)}, database ${(((cpu.database / result.requests.total) * targetRate) / 1000).toFixed(2)} (the app process can use one)`,
    );
    console.log(`errors / timeouts           ${result.errors} / ${result.timeouts}`);
    console.log(`unexpected statuses        ${JSON.stringify(bad)}`);
    console.log(
      `submits answered 302       ${submitted.size}; of them submitted with 6 points in the database ${check?.submittedOk}`,
    );
    console.log(
      `drafts answered 302        ${drafted.size}; of them with a sheet in the database ${check?.draftedOk}`,
    );
    console.log(
      `in flight at the end       ${(db?.submitted ?? 0) - submitted.size} submits saved after the run stopped counting`,
    );
    console.log(`rows: score_sheets ${db?.sheets}, locked ${db?.locked}, score_points ${db?.points}`);
    if (exhausted) console.log("the work queue ran out: raise the assignments per judge");
    const lost = check?.submittedOk !== submitted.size || check?.draftedOk !== drafted.size;
    const p95 = percentile(saves, 95);
    console.log(
      `\nno sheet lost: ${lost ? "NO" : "yes"}; saves p95 under 100 ms: ${p95 < 100 ? "yes" : "no"}; no errors: ${result.errors + result.timeouts + Object.keys(bad).length === 0 ? "yes" : "no"}`,
    );
    if (lost) failed = true;
  } finally {
    await app.stop();
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await scratch.drop(keep);
}
process.exit(failed ? 1 : 0);
