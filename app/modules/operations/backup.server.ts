import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { connectPostgres } from "#db/client.server";

/**
 * Backups of the database (see docs/decisions/012-backups-and-logs.md):
 *  - embedded PGlite: PGlite's own dump of its data directory (a gzipped tarball), loaded back
 *    into an empty directory with `loadDataDir`;
 *  - PostgreSQL: `pg_dump -Fc`, restored with `pg_restore --clean --if-exists --no-owner`.
 * Uploaded files live beside the database under DATA_DIR/files and are copied separately.
 * Neither path may run while the portal has the PGlite directory open: PGlite has one writer.
 */

export type BackupTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

/** The database the environment names: DATABASE_URL, else PGlite under DATA_DIR/pglite. */
export function backupTarget(e: { databaseUrl: string | undefined; dataDir: string }): BackupTarget {
  return e.databaseUrl
    ? { kind: "postgres", url: e.databaseUrl }
    : { kind: "pglite", dataDir: path.join(e.dataDir, "pglite") };
}

export async function backup(target: BackupTarget, file: string): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (target.kind === "pglite") await backupPglite(target.dataDir, file);
  else await backupPostgres(target.url, file);
  return { bytes: fs.statSync(file).size };
}

/**
 * Restores file into the target. A database that already holds rows is kept unless force is
 * set: on PostgreSQL pg_restore then drops and recreates every object of the dump; on PGlite the
 * old directory is moved aside (renamed, not deleted) and returned as `movedAside`.
 */
export async function restore(
  target: BackupTarget,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ movedAside?: string }> {
  if (!fs.existsSync(file)) throw new BackupError(`No backup file at ${file}`);
  if (target.kind === "pglite") return restorePglite(file, target.dataDir, options.force ?? false);
  await restorePostgres(file, target.url, options.force ?? false);
  return {};
}

// ---------------------------------------------------------------------------------------------
// PGlite

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

async function backupPglite(dataDir: string, file: string): Promise<void> {
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new BackupError(`No PGlite database in ${dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`);
  }
  const pg = new PGlite(dataDir);
  try {
    // dumpDataDir does not wait for the instance to start (it hangs on a cold one).
    await pg.waitReady;
    const dump = await pg.dumpDataDir("gzip");
    await writeAtomically(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pg.close();
  }
}

async function restorePglite(
  file: string,
  dataDir: string,
  force: boolean,
): Promise<{ movedAside?: string }> {
  let movedAside: string | undefined;
  if (!isEmptyDir(dataDir)) {
    if ((await pgliteHasRows(dataDir)) && !force) {
      throw new BackupError(
        `The database in ${dataDir} is not empty; restore with --force to replace it (it is moved aside, not deleted)`,
      );
    }
    movedAside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(dataDir, movedAside);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const archive = new Blob([fs.readFileSync(file)]);
  const pg = new PGlite(dataDir, { loadDataDir: archive });
  try {
    await pg.query("select 1");
  } finally {
    await pg.close();
  }
  return movedAside ? { movedAside } : {};
}

async function pgliteHasRows(dataDir: string): Promise<boolean> {
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) return true; // not a database: do not touch
  const pg = new PGlite(dataDir);
  try {
    for (const table of await userTables((q) => pg.query<{ name: string }>(q).then((r) => r.rows))) {
      const result = await pg.query<{ any: boolean }>(`select exists (select 1 from ${table}) as any`);
      if (result.rows[0]?.any) return true;
    }
    return false;
  } finally {
    await pg.close();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** pg_dump/pg_restore get the password through the environment, not on the command line. */
function clientArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return {
    dbname: u.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env },
  };
}

function requireTool(tool: "pg_dump" | "pg_restore"): void {
  const probe = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new BackupError(
      `${tool} was not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client), of the server's major version or newer`,
    );
  }
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", (error) => reject(new BackupError(`${tool} failed to start: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool} exited with ${code}:\n${stderr.trim()}`));
    });
  });
}

async function backupPostgres(url: string, file: string): Promise<void> {
  requireTool("pg_dump");
  const { dbname, env } = clientArgs(url);
  const partial = `${file}.part`;
  try {
    await run("pg_dump", ["-Fc", "--no-owner", `--file=${partial}`, `--dbname=${dbname}`], env);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

async function restorePostgres(file: string, url: string, force: boolean): Promise<void> {
  requireTool("pg_restore");
  const sql = connectPostgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await userTables(async (q) => (await sql.unsafe(q)) as unknown as { name: string }[]);
    for (const table of tables) {
      const [row] = await sql.unsafe(`select exists (select 1 from ${table}) as any`);
      if (row?.any && !force) {
        throw new BackupError("The database is not empty; restore with --force to replace its contents");
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  const { dbname, env } = clientArgs(url);
  await run(
    "pg_restore",
    ["--clean", "--if-exists", "--no-owner", "--single-transaction", `--dbname=${dbname}`, file],
    env,
  );
}

// ---------------------------------------------------------------------------------------------

/** Quoted names of the application's tables (schema public). */
async function userTables(query: (sql: string) => Promise<{ name: string }[]>): Promise<string[]> {
  const rows = await query(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables
     where schemaname = 'public' order by tablename`,
  );
  return rows.map((r) => r.name);
}

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  const partial = `${file}.part`;
  await fs.promises.writeFile(partial, bytes);
  await fs.promises.rename(partial, file);
}
