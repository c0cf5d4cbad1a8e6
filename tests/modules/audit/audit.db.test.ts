import fs from "node:fs";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "#db/schema";
import { audit, verifyAuditChain } from "~/modules/audit/audit.server";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";

const testApp = testAppForFile();
let app: TestApp;
let organizer: Client;

beforeAll(async () => {
  app = testApp();
  const demo = await withDemo(app);
  organizer = await demo.login("organizer");
  // A few audited changes through the real pages.
  for (const name of ["一", "二", "三"]) {
    const res = await organizer.post("/admin/editions/new", {
      name: `审计测试${name}`,
      slug: `audit-${name.charCodeAt(0)}`,
      year: "2026",
      organizers: "测试主办方",
      judgesPerEntry: "3",
      entriesPerUnitPerCategory: "2",
      trimFrom: "5",
      dataWeightPercent: "0",
    });
    expect(res.status).toBe(302);
  }
});

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe("the audit trail", () => {
  it("has no update or delete path in the application's code", () => {
    for (const file of [...sourceFiles("app"), ...sourceFiles("db")]) {
      const text = fs.readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/\.(update|delete)\(\s*auditLog\b/);
      expect(text, file).not.toMatch(/(update|delete from)\s+"?audit_log"?\b(?![\s\S]{0,40}hash = '')/i);
    }
  });

  it("is refused by the database when something tries to change or remove a record", async () => {
    const [first] = await app.db.select().from(auditLog).orderBy(asc(auditLog.id)).limit(1);
    await expect(
      app.database.rows(sql`update audit_log set action = 'forged' where id = ${first?.id}`),
    ).rejects.toThrow();
    await expect(app.database.rows(sql`delete from audit_log where id = ${first?.id}`)).rejects.toThrow();
    const [still] = await app.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.id, first?.id ?? 0));
    expect(still?.action).toBe(first?.action);
  });

  it("keeps one unbroken chain when many changes are audited at once, and a rolled-back change leaves no record", async () => {
    const before = await app.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    const write = (i: number) =>
      app.db.transaction((tx) =>
        audit(tx, { actorId: null, action: "test.parallel", subjectType: "test", subjectId: i }),
      );
    const rolledBack = app.db
      .transaction(async (tx) => {
        await audit(tx, { actorId: null, action: "test.rolledBack", subjectType: "test", subjectId: 0 });
        throw new Error("the change failed");
      })
      .catch(() => "rolled back");
    const outcomes = await Promise.all([...Array.from({ length: 20 }, (_, i) => write(i + 1)), rolledBack]);
    expect(outcomes.at(-1)).toBe("rolled back");
    const after = await app.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toBe(20);
    expect(await app.db.select().from(auditLog).where(eq(auditLog.action, "test.rolledBack"))).toEqual([]);
    const verdict = await verifyAuditChain();
    expect(verdict.ok).toBe(true);
  });

  it("hashes in the database what the verifier recomputes, whatever the record holds", async () => {
    await app.db.transaction(async (tx) => {
      await audit(tx, {
        actorId: null,
        ip: null,
        action: "test.content",
        subjectType: "test",
        subjectId: "x",
        before: { id: 9, ip: "1.2.3.4", nested: [{ id: 1 }] },
        after: { comment: '引号 "id":1, ,"ip":"x"、换行\n和 emoji 🎉', points: { "7": 18.5 } },
      });
      await audit(tx, {
        actorId: "someone",
        action: "test.content",
        subjectType: "test",
        subjectId: 2,
        editionId: 5,
      });
    });
    const [record] = await app.db.select().from(auditLog).where(eq(auditLog.action, "test.content"));
    expect(record?.after).toEqual({
      comment: '引号 "id":1, ,"ip":"x"、换行\n和 emoji 🎉',
      points: { "7": 18.5 },
    });
    expect(record?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("chains every record to the one before, and the check names the first changed record", async () => {
    const intact = await verifyAuditChain();
    expect(intact.ok).toBe(true);
    expect(intact.checked).toBeGreaterThanOrEqual(3);
    const rows = await app.db.select().from(auditLog).orderBy(asc(auditLog.id));
    const victim = rows[1];
    // Someone with database rights goes around the trigger and edits a record.
    await app.database.rows(sql`alter table audit_log disable trigger audit_log_no_update`);
    await app.database.rows(sql`update audit_log set after = '{"name":"篡改"}' where id = ${victim?.id}`);
    await app.database.rows(sql`alter table audit_log enable trigger audit_log_no_update`);
    const broken = await verifyAuditChain();
    expect(broken).toEqual({ ok: false, checked: 1, brokenAt: victim?.id });
    const page = await (await organizer.get("/admin/audit?verify=1")).text();
    expect(page).toContain(`第 ${victim?.id} 条记录处断开`);
  });

  it("lists records for organizers with filters and exports them as CSV", async () => {
    const res = await organizer.get("/admin/audit?action=edition.create");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("edition.create");
    expect(html).not.toContain("category.create");
    const csv = await organizer.get("/admin/audit.csv?action=edition.create");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = Buffer.from(await csv.arrayBuffer())
      .subarray(3)
      .toString("utf8")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("id,at,actor_id,ip,action,subject,edition_id,before,after,hash");
    expect(lines.slice(1).every((l) => l.includes(",edition.create,"))).toBe(true);
    expect(lines.length - 1).toBeGreaterThanOrEqual(3);
    const judge = await app.loggedIn("judge");
    expect((await judge.get("/admin/audit")).status).toBe(403);
    expect((await judge.get("/admin/audit.csv")).status).toBe(403);
  });
});
