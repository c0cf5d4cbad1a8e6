/**
 * Backs up or restores the configured database (DATABASE_URL, else PGlite under DATA_DIR):
 *
 *   npm run db:backup -- backups/pingxuan-2026-11-03.backup
 *   npm run db:restore -- backups/pingxuan-2026-11-03.backup [--force]
 *
 * Stop the portal first when it runs on PGlite: the embedded database has a single writer.
 * Uploaded files (DATA_DIR/files) are not in the backup: copy that folder alongside it.
 */
import { env } from "~/env.server";
import { BackupError, backup, backupTarget, restore } from "./backup.server";

const [command, ...rest] = process.argv.slice(2);
const force = rest.includes("--force");
const file = rest.find((a) => !a.startsWith("--"));

async function main(): Promise<number> {
  if ((command !== "backup" && command !== "restore") || !file) {
    console.error("usage: npm run db:backup -- <file>  |  npm run db:restore -- <file> [--force]");
    return 2;
  }
  const target = backupTarget(env());
  const where = target.kind === "pglite" ? `PGlite in ${target.dataDir}` : "PostgreSQL (DATABASE_URL)";
  if (command === "backup") {
    const { bytes } = await backup(target, file);
    console.log(`backed up ${where} to ${file} (${bytes} bytes)`);
    console.log("uploaded files are not included: copy DATA_DIR/files as well");
  } else {
    const { movedAside } = await restore(target, file, { force });
    console.log(`restored ${file} into ${where}`);
    if (movedAside) console.log(`the previous database was moved to ${movedAside}`);
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
