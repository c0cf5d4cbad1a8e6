import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres } from "#db/client.server";

/*
 * Two app processes on one PostgreSQL database, as behind a load balancer: a session made on one
 * works on the other, the mail queue delivers each message once, a tally started on both at once
 * leaves one snapshot, and killing a process in the middle of a tally or of score saves leaves no
 * partial data. PostgreSQL only: the embedded database belongs to one process by design.
 */

const onPostgres = process.env.TEST_DB === "postgres" && Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres) console.warn("skipped: two app instances need PostgreSQL (TEST_DATABASE_URL)");

const PASSWORD = "pingxuan-demo";

type Instance = { base: string; process: ChildProcess; log: string[] };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitHealthy(instance: Instance, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (instance.process.exitCode !== null) throw new Error(`instance exited:\n${instance.log.join("")}`);
    try {
      const res = await fetch(`${instance.base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance did not start:\n${instance.log.join("")}`);
}

async function start(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["server/index.js"], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      APP_URL: base,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stdout?.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
  const instance = { base, process: child, log };
  await waitHealthy(instance);
  return instance;
}

/** A cookie-keeping client for one instance (the cookie jar can be shared across instances). */
class Browser {
  constructor(public cookies = new Map<string, string>()) {}
  private header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }
  async get(base: string, pathname: string) {
    const res = await fetch(base + pathname, { redirect: "manual", headers: { Cookie: this.header() } });
    this.keep(res);
    return res;
  }
  async post(base: string, pathname: string, form: Record<string, string>) {
    const res = await fetch(base + pathname, {
      method: "POST",
      redirect: "manual",
      headers: {
        Cookie: this.header(),
        Origin: base,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(form),
    });
    this.keep(res);
    return res;
  }
}

describe.skipIf(!onPostgres)("two app instances on one database", () => {
  let admin: postgres.Sql;
  let sql: postgres.Sql;
  let dbName: string;
  let dataDir: string;
  let smtp: SMTPServer;
  const received: string[] = [];
  let a: Instance;
  let b: Instance;
  let env: Record<string, string>;

  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL ?? "";
    admin = connectPostgres(url, { max: 1, onnotice: () => {} });
    dbName = `two_instances_${process.pid}_${Date.now()}`;
    await admin.unsafe(`create database ${dbName}`);
    const scratch = new URL(url);
    scratch.pathname = `/${dbName}`;
    sql = connectPostgres(scratch.toString(), { max: 2, onnotice: () => {} });

    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, _session, callback) {
        let raw = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => {
          raw += chunk;
        });
        stream.on("end", () => {
          received.push(raw);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pingxuan-two-"));
    env = {
      DATABASE_URL: scratch.toString(),
      DATA_DIR: dataDir,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    };
    // The first one migrates and loads the demo; the second finds both done.
    a = await start({ ...env, SEED_DEMO: "1" });
    b = await start({ ...env, SEED_DEMO: "0" });
  }, 180_000);

  afterAll(async () => {
    for (const i of [a, b]) if (i && i.process.exitCode === null) i.process.kill("SIGKILL");
    await sql?.end();
    await new Promise((r) => setTimeout(r, 200));
    await admin?.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin?.end();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("accepts on one instance a session made on the other", async () => {
    const browser = new Browser();
    const login = await browser.post(a.base, "/login", {
      email: "organizer@demo.pingxuan.cn",
      password: PASSWORD,
    });
    expect(login.status).toBe(302);
    const onB = await browser.get(b.base, "/admin");
    expect(onB.status).toBe(200);
    await browser.post(b.base, "/logout", {});
    expect((await browser.get(a.base, "/admin")).status).toBe(302);
  });

  it("delivers each queued message once although both instances run the mail worker", async () => {
    const browser = new Browser();
    await browser.post(a.base, "/login", { email: "organizer@demo.pingxuan.cn", password: PASSWORD });
    const before = received.length;
    for (let i = 0; i < 10; i++) {
      expect((await browser.post(a.base, "/admin/mail", {})).status).toBe(302);
      expect((await browser.post(b.base, "/admin/mail", {})).status).toBe(302);
    }
    const until = Date.now() + 30_000;
    for (;;) {
      const [row] = await sql`select count(*)::int as n from mail_outbox where status = 'pending'`;
      if (row?.n === 0 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // Give a double delivery time to show up.
    await new Promise((r) => setTimeout(r, 3000));
    const mine = received.slice(before);
    expect(mine).toHaveLength(20);
    const ids = mine.map((raw) => /^Message-ID:\s*(\S+)/im.exec(raw)?.[1]);
    expect(new Set(ids).size).toBe(20);
  });

  it("leaves one whole snapshot when the tally is started on both instances at once", async () => {
    const [past] = await sql`select id from editions where slug like 'demo-%' and phase = 'published'`;
    await sql`delete from publications where edition_id = ${past?.id}`;
    await sql`delete from tally_snapshots where edition_id = ${past?.id}`;
    await sql`update editions set phase = 'judging' where id = ${past?.id}`;
    const browser = new Browser();
    await browser.post(a.base, "/login", { email: "organizer@demo.pingxuan.cn", password: PASSWORD });
    const page = `/admin/editions/${past?.id}/results`;
    const [onA, onB] = await Promise.all([
      browser.post(a.base, page, { intent: "tally" }),
      browser.post(b.base, page, { intent: "tally" }),
    ]);
    expect([onA.status, onB.status]).toEqual([302, 302]);
    const snapshots = await sql`select id from tally_snapshots where edition_id = ${past?.id}`;
    expect(snapshots).toHaveLength(1);
    const [counts] = await sql`
      select count(*)::int as results, count(distinct snapshot_id)::int as snapshots,
             (select count(*)::int from entries where edition_id = ${past?.id} and status = 'accepted') as accepted
      from results r join entries e on e.id = r.entry_id where e.edition_id = ${past?.id}`;
    expect(counts).toEqual({ results: counts?.accepted, snapshots: 1, accepted: counts?.accepted });
    const runs =
      await sql`select count(*)::int as n from audit_log where action = 'tally.run' and edition_id = ${past?.id}`;
    expect(runs[0]?.n).toBeGreaterThanOrEqual(2);
  });

  it("leaves the old snapshot or a whole new one when an instance is killed in the middle of a tally", async () => {
    // An edition big enough for the tally to take a while: 3,000 entries × 5 sheets × 6 criteria.
    const [unit] = await sql`select id from units order by id limit 1`;
    const [edition] = await sql`
      insert into editions (slug, name, year, organizers, phase, trim_from)
      values ('kill-test', '中断测试', 2026, '测试主办方', 'judging', 5) returning id`;
    const [category] = await sql`
      insert into categories (edition_id, code, name) values (${edition?.id}, 'ZDCS', '中断测试') returning id`;
    await sql`insert into tiers (category_id, name, quota, position) values (${category?.id}, '一等奖', 100, 0)`;
    const criteria = await sql`
      insert into criteria (category_id, name, max_points, position)
      select ${category?.id}, '指标' || i, case when i <= 4 then 20 else 10 end, i - 1
      from generate_series(1, 6) i returning id`;
    const judges = await sql`
      insert into users (id, email, name, role, password_hash)
      select 'kill-judge-' || j, 'kill-judge-' || j || '@example.cn', '评委' || j, 'judge', 'x'
      from generate_series(1, 5) j returning id`;
    await sql`
      insert into entries (edition_id, category_id, unit_id, status, title)
      select ${edition?.id}, ${category?.id}, ${unit?.id}, 'accepted', '案例' || i from generate_series(1, 3000) i`;
    await sql`
      insert into assignments (edition_id, entry_id, judge_id, state)
      select ${edition?.id}, e.id, j.id, 'submitted'
      from entries e cross join (select unnest(${sql.array(judges.map((j) => j.id as string))}::text[]) as id) j
      where e.edition_id = ${edition?.id}`;
    await sql`
      insert into score_points (assignment_id, criterion_id, half_points)
      select a.id, c.id, ((a.id * 7 + c.id * 13) % 20) + 10
      from assignments a cross join (select unnest(${sql.array(criteria.map((c) => Number(c.id)))}::int[]) as id) c
      where a.edition_id = ${edition?.id}`;

    const browser = new Browser();
    await browser.post(a.base, "/login", { email: "organizer@demo.pingxuan.cn", password: PASSWORD });
    const page = `/admin/editions/${edition?.id}/results`;
    // A first, complete run on B; then a run on A killed part-way.
    expect((await browser.post(b.base, page, { intent: "tally" })).status).toBe(302);
    expect(await sql`select id from tally_snapshots where edition_id = ${edition?.id}`).toHaveLength(1);
    const killed = browser.post(a.base, page, { intent: "tally" }).catch(() => null);
    await new Promise((r) => setTimeout(r, 150));
    a.process.kill("SIGKILL");
    await killed;
    await new Promise((r) => setTimeout(r, 500));
    const snapshots = await sql`select id from tally_snapshots where edition_id = ${edition?.id}`;
    expect(snapshots).toHaveLength(1);
    const [count] = await sql`select count(*)::int as n from results where snapshot_id = ${snapshots[0]?.id}`;
    expect(count?.n).toBe(3000);
    // Old or new, never a mix: every result belongs to the one snapshot.
    const [stray] = await sql`
      select count(*)::int as n from results r join entries e on e.id = r.entry_id
      where e.edition_id = ${edition?.id} and r.snapshot_id <> ${snapshots[0]?.id}`;
    expect(stray?.n).toBe(0);
    a = await start({ ...env, SEED_DEMO: "0" });
  });

  it("keeps every score save whole when an instance is killed in the middle of saves", async () => {
    // The open demo edition goes to judging with judge1 assigned to all its submitted entries.
    const [edition] = await sql`select id from editions where slug like 'demo-%' and phase = 'open'`;
    await sql`update editions set phase = 'judging' where id = ${edition?.id}`;
    const [judge] = await sql`select id from users where email = 'judge1@demo.pingxuan.cn'`;
    const assigned = await sql`
      insert into assignments (edition_id, entry_id, judge_id)
      select e.edition_id, e.id, ${judge?.id} from entries e
      where e.edition_id = ${edition?.id} and e.status in ('submitted', 'accepted')
      on conflict do nothing returning id, entry_id`;
    expect(assigned.length).toBeGreaterThan(3);
    const browser = new Browser();
    await browser.post(b.base, "/login", { email: "judge1@demo.pingxuan.cn", password: PASSWORD });
    const saves = assigned.map(async (row) => {
      const criteria = await sql`
        select c.id, c.max_points from criteria c join entries e on e.category_id = c.category_id
        where e.id = ${row.entry_id}`;
      const form: Record<string, string> = { intent: "submit", version: "0", comment: "两实例测试" };
      for (const c of criteria) form[`points.${c.id}`] = String(Math.floor(Number(c.max_points) * 0.8));
      return browser.post(b.base, `/judge/assignments/${row.id}`, form).catch(() => null);
    });
    await new Promise((r) => setTimeout(r, 40));
    b.process.kill("SIGKILL");
    await Promise.all(saves);
    // Whatever landed landed whole: a submitted assignment has its submitted sheet and every
    // criterion's points; an assignment without a submitted sheet is still open.
    const broken = await sql`
      select a.id from assignments a
      left join score_sheets s on s.assignment_id = a.id
      where a.edition_id = ${edition?.id} and (
        (a.state = 'submitted') <> (s.submitted_at is not null)
        or (a.state = 'submitted' and (select count(*) from score_points p where p.assignment_id = a.id) <>
            (select count(*) from criteria c join entries e on e.category_id = c.category_id where e.id = a.entry_id))
      )`;
    expect(broken).toEqual([]);
    // The other instance goes on serving.
    expect((await fetch(`${a.base}/healthz`)).status).toBe(200);
  });
});
