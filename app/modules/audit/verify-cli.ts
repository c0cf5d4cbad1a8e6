/**
 * Checks the audit chain of the configured database:
 *
 *   npm run audit:verify
 *
 * Exits 0 when every record's hash matches, 1 naming the first broken record otherwise.
 */
import { setDatabase } from "#db/client.server";
import { boot } from "~/modules/boot.server";
import { verifyAuditChain } from "./audit.server";

const { database } = await boot({ mailWorker: false, log: () => {} });
try {
  const verdict = await verifyAuditChain();
  if (verdict.ok) {
    console.log(`audit chain intact: ${verdict.checked} records checked`);
  } else {
    console.error(
      `audit chain broken at record ${verdict.brokenAt} (${verdict.checked} records before it are intact)`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
  setDatabase(undefined);
}
