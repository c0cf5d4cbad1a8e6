import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { connectPostgres, type Database, openDatabase } from "#db/client.server";

export type TestDatabase = Database & {
  /** Closes and opens the same database again, as a restarted server would. */
  reopen(): Promise<TestDatabase>;
  /** Closes and throws the database away. */
  destroy(): Promise<void>;
};

export function testBackend(): "pglite" | "postgres" {
  return process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
}

/**
 * A fresh, migrated database for one test file: a copy of the project's migrated template
 * (tests/support/global-setup.ts), as PGlite in a temporary directory, or as a throwaway database
 * on the PostgreSQL server of TEST_DATABASE_URL (dropped afterwards, so leftovers of earlier runs
 * can neither break nor fake a run).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testBackend() === "postgres") {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
    const name = `pingxuan_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${inject("postgresTemplate")}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const open = async (): Promise<TestDatabase> => {
      const d = await openDatabase({ kind: "postgres", url: url.toString(), max: 5 });
      return {
        ...d,
        async reopen() {
          await d.close();
          return open();
        },
        async destroy() {
          await d.close();
          const a = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
          await a.unsafe(`drop database if exists ${name} with (force)`);
          await a.end();
        },
      };
    };
    return open();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pingxuan-test-"));
  fs.cpSync(inject("pgliteTemplate"), dir, { recursive: true });
  const open = async (): Promise<TestDatabase> => {
    const d = await openDatabase({ kind: "pglite", dataDir: dir });
    return {
      ...d,
      async reopen() {
        await d.close();
        return open();
      },
      async destroy() {
        await d.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  };
  return open();
}
