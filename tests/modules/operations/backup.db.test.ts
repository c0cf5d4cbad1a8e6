import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { connectPostgres, type Database, openDatabase, setDatabase } from "#db/client.server";
import { seedDemo } from "#db/seed";
import { audit, verifyAuditChain } from "~/modules/audit/audit.server";
import { BackupError, backup, restore } from "~/modules/operations/backup.server";
import { testBackend } from "../../support/db";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "pingxuan-backup-"));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  setDatabase(undefined);
  for (const c of cleanups.reverse()) await c();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The demo, plus a few chained audit records with awkward text (the demo seed writes none). */
async function seed(d: Database) {
  await seedDemo(d.db);
  for (const [i, text] of ["第一条", "quote ' and \\ backslash", "emoji 🎉 and \u200f rtl"].entries()) {
    await d.db.transaction((tx) =>
      audit(tx, { actorId: null, action: "test.backup", subjectType: "test", subjectId: i, after: { text } }),
    );
  }
}

type Fingerprint = Record<string, { rows: number; md5: string }>;

/** Row count and a hash of every row's text, ordered by primary key (or by the whole row), per table. */
async function fingerprint(d: Database): Promise<Fingerprint> {
  const tables = await d.rows<{ schema: string; name: string; pk: string | null }>(sql`
    select t.schemaname as schema, t.tablename as name,
      (select string_agg(quote_ident(a.attname), ', ' order by k.ord)
         from pg_index i
         cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where i.indrelid = format('%I.%I', t.schemaname, t.tablename)::regclass and i.indisprimary) as pk
    from pg_tables t where t.schemaname in ('public', 'drizzle') order by 1, 2`);
  const out: Fingerprint = {};
  for (const t of tables) {
    const name = `${quote(t.schema)}.${quote(t.name)}`;
    const order = t.pk ?? "r::text";
    const [row] = await d.rows<{ rows: number; md5: string }>(
      sql.raw(
        `select count(*)::int as rows, md5(coalesce(string_agg(r::text, E'\\n' order by ${order}), '')) as md5 from ${name} r`,
      ),
    );
    if (row) out[`${t.schema}.${t.name}`] = row;
  }
  return out;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

async function checkRestored(source: Fingerprint, restored: Database) {
  const after = await fingerprint(restored);
  expect(Object.keys(after)).toEqual(Object.keys(source));
  expect(after).toEqual(source);
  setDatabase(restored);
  const verdict = await verifyAuditChain();
  setDatabase(undefined);
  expect(verdict.ok).toBe(true);
  expect(verdict.checked).toBeGreaterThan(0);
}

describe.runIf(testBackend() === "pglite")("backup and restore on PGlite", () => {
  it("restores every row of every table into an empty data directory, and refuses a full one without --force", async () => {
    const sourceDir = path.join(work, "source");
    const source = await openDatabase({ kind: "pglite", dataDir: sourceDir });
    await seed(source);
    const before = await fingerprint(source);
    // Every table the demo fills must really be compared.
    expect(before["public.users"]?.rows).toBeGreaterThan(0);
    expect(before["public.entries"]?.rows).toBeGreaterThan(0);
    expect(before["public.audit_log"]?.rows).toBeGreaterThan(0);
    await source.close();

    const file = path.join(work, "pglite.backup");
    const { bytes } = await backup({ kind: "pglite", dataDir: sourceDir }, file);
    expect(bytes).toBeGreaterThan(0);

    const targetDir = path.join(work, "target");
    await restore({ kind: "pglite", dataDir: targetDir }, file);
    const restored = await openDatabase({ kind: "pglite", dataDir: targetDir });
    try {
      await checkRestored(before, restored);
    } finally {
      await restored.close();
    }

    // The target now holds data: a second restore is refused, and --force keeps the old copy.
    await expect(restore({ kind: "pglite", dataDir: targetDir }, file)).rejects.toThrow(BackupError);
    const { movedAside } = await restore({ kind: "pglite", dataDir: targetDir }, file, { force: true });
    expect(movedAside && fs.existsSync(path.join(movedAside, "PG_VERSION"))).toBe(true);
  }, 120_000);

  it("says so when there is no database to back up", async () => {
    await expect(
      backup({ kind: "pglite", dataDir: path.join(work, "nothing") }, path.join(work, "x")),
    ).rejects.toThrow(/No PGlite database/);
  });
});

describe.runIf(testBackend() === "postgres")("backup and restore on PostgreSQL", () => {
  async function scratch(prefix: string): Promise<string> {
    const adminUrl = process.env.TEST_DATABASE_URL ?? "";
    const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const a = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  it("restores every row of every table into a fresh database, and refuses a full one without --force", async () => {
    const sourceUrl = await scratch("test_backup");
    const source = await openDatabase({ kind: "postgres", url: sourceUrl, max: 2 });
    let before: Fingerprint;
    try {
      await seed(source);
      before = await fingerprint(source);
      expect(before["public.users"]?.rows).toBeGreaterThan(0);
    } finally {
      await source.close();
    }
    const file = path.join(work, "pg.backup");
    await backup({ kind: "postgres", url: sourceUrl }, file);

    const targetUrl = await scratch("test_restore");
    await restore({ kind: "postgres", url: targetUrl }, file);
    // Opening runs the migrator: it must find the restored migration records and change nothing.
    const restored = await openDatabase({ kind: "postgres", url: targetUrl, max: 2 });
    try {
      await checkRestored(before, restored);
    } finally {
      await restored.close();
    }
    await expect(restore({ kind: "postgres", url: targetUrl }, file)).rejects.toThrow(/not empty/);
    await restore({ kind: "postgres", url: targetUrl }, file, { force: true });
  }, 120_000);
});
