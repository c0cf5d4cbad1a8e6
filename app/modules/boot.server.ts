import path from "node:path";
import { type Database, database, hasDatabase, openDatabase, setDatabase } from "#db/client.server";
import { seedDemo } from "#db/seed";
import { attachDemoFiles } from "#db/seed-files";
import { env } from "~/env.server";
import { startArchiveWorker } from "~/modules/certificates/archive.server";
import { startMailWorker } from "~/modules/mail/mail.server";
import { fileStorage } from "~/modules/storage/storage.server";

/** `mailWorker: false` (command-line tools) starts no background worker at all. */
export type BootOptions = { mailWorker?: boolean; log?: (line: string) => void };

/**
 * Start-up: open the database (PGlite under DATA_DIR unless DATABASE_URL is set), apply the
 * migrations, load the demo data into an empty database when SEED_DEMO allows, start the mail
 * worker. Idempotent: a database already opened in this process (by a test) is used as it is.
 */
export async function boot(
  options: BootOptions = {},
): Promise<{ database: Database; env: ReturnType<typeof env> }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const e = env();
  if (!hasDatabase()) {
    const opened = e.databaseUrl
      ? await openDatabase({ kind: "postgres", url: e.databaseUrl })
      : await openDatabase({ kind: "pglite", dataDir: path.join(e.dataDir, "pglite") });
    setDatabase(opened);
    log(`database: ${opened.kind}${opened.kind === "pglite" ? ` (${path.join(e.dataDir, "pglite")})` : ""}`);
    if (e.seedDemo) {
      const seeded = await seedDemo(opened.db, new Date(), {
        attachFiles: (entries) => attachDemoFiles(opened.db, fileStorage(), entries),
      });
      if (seeded) log(seeded);
    }
  }
  if (options.mailWorker !== false) {
    startMailWorker();
    startArchiveWorker();
  }
  return { database: database(), env: e };
}
