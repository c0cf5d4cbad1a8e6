import type postgres from "postgres";
import { connectPostgres, type Database, openDatabase, setDatabase } from "#db/client.server";

/**
 * A throwaway PostgreSQL database for one benchmark run, on the server of DATABASE_URL (or the
 * local test server), migrated with the project's own migrations and opened as this process's
 * database. Dropped by `drop()` unless the run keeps it for inspection.
 */
export type Scratch = {
  name: string;
  url: string;
  database: Database;
  /** A raw postgres.js client on the same database, for COPY and session settings. */
  raw: postgres.Sql;
  drop(keep: boolean): Promise<void>;
};

export async function scratchDatabase(
  prefix = "bench",
  adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
): Promise<Scratch> {
  const name = `${prefix}_${Date.now()}`;
  const admin = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgres", url: url.toString(), max: 10 });
  setDatabase(database);
  const raw = connectPostgres(url.toString(), { max: 2, onnotice: () => {} });
  return {
    name,
    url: url.toString(),
    database,
    raw,
    async drop(keep: boolean) {
      await raw.end({ timeout: 5 });
      await database.close();
      setDatabase(undefined);
      if (keep) {
        console.log(`kept database ${name} (${url.toString()})`);
        return;
      }
      const a = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
