import { Readable } from "node:stream";
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import yazl from "yazl";
import { db } from "#db/client.server";
import { certificateArchives, certificates, editions } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { fileStorage, newStorageKey } from "~/modules/storage/storage.server";
import { certificatePdf, editionSeal } from "./render.server";

/*
 * All of an edition's valid certificates as one ZIP, built in the background: a national edition
 * has thousands, more than a request should wait for. The organizer asks for it, a worker in any
 * app instance claims the job (SKIP LOCKED, with a lease so a crashed worker's job is taken over),
 * renders the PDFs one after the other straight into a ZIP stream that goes to file storage, and
 * counts progress in the row so the page can show it. Memory stays flat: one PDF at a time.
 */

export type ArchiveActor = { id: string; ip: string };
const LEASE_MS = 5 * 60_000;
const PROGRESS_EVERY = 25;

/** Queues a ZIP for the edition, or returns the one already queued or running. */
export async function requestArchive(actor: ArchiveActor, editionId: number) {
  return db().transaction(async (tx) => {
    await tx.select({ id: editions.id }).from(editions).where(eq(editions.id, editionId)).for("update");
    const [pending] = await tx
      .select()
      .from(certificateArchives)
      .where(
        and(
          eq(certificateArchives.editionId, editionId),
          inArray(certificateArchives.status, ["queued", "running"]),
        ),
      )
      .limit(1);
    if (pending) return pending;
    const [total] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(certificates)
      .where(and(eq(certificates.editionId, editionId), isNull(certificates.revokedAt)));
    const [job] = await tx
      .insert(certificateArchives)
      .values({ editionId, total: total?.n ?? 0, requestedBy: actor.id })
      .returning();
    if (!job) throw new Error("insert returned nothing");
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "certificate.archive",
      subjectType: "edition",
      subjectId: editionId,
      editionId,
      after: { archiveId: job.id, total: job.total },
    });
    return job;
  });
}

/** The edition's latest ZIP job, for the progress display. */
export async function latestArchive(editionId: number) {
  const [row] = await db()
    .select()
    .from(certificateArchives)
    .where(eq(certificateArchives.editionId, editionId))
    .orderBy(desc(certificateArchives.id))
    .limit(1);
  return row;
}

export async function getArchive(editionId: number, archiveId: number) {
  const [row] = await db()
    .select()
    .from(certificateArchives)
    .where(and(eq(certificateArchives.id, archiveId), eq(certificateArchives.editionId, editionId)));
  return row;
}

/** Claims one due job: queued, or running with an expired lease (its worker died). */
async function claim(now: Date) {
  return db().transaction(async (tx) => {
    const [due] = await tx
      .select({ id: certificateArchives.id })
      .from(certificateArchives)
      .where(
        or(
          eq(certificateArchives.status, "queued"),
          and(eq(certificateArchives.status, "running"), lt(certificateArchives.lockedUntil, now)),
        ),
      )
      .orderBy(asc(certificateArchives.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!due) return undefined;
    const [job] = await tx
      .update(certificateArchives)
      .set({ status: "running", done: 0, lockedUntil: new Date(now.getTime() + LEASE_MS) })
      .where(eq(certificateArchives.id, due.id))
      .returning();
    return job;
  });
}

/** Builds one due ZIP if there is one; returns its id, or null when nothing was due. */
export async function buildNextArchive(now = new Date()): Promise<number | null> {
  const job = await claim(now);
  if (!job) return null;
  try {
    const [edition] = await db().select().from(editions).where(eq(editions.id, job.editionId));
    if (!edition) throw new Error("edition gone");
    const list = await db()
      .select()
      .from(certificates)
      .where(and(eq(certificates.editionId, job.editionId), isNull(certificates.revokedAt)))
      .orderBy(asc(certificates.number));
    const seal = await editionSeal(edition);
    const zip = new yazl.ZipFile();
    let done = 0;
    for (const c of list) {
      // PDFs are already compressed; storing them keeps the worker's CPU for rendering.
      zip.addReadStreamLazy(`${c.number}.pdf`, { compress: false, mtime: c.issuedAt }, (cb) => {
        certificatePdf(c, edition, seal).then(
          async (bytes) => {
            done++;
            if (done % PROGRESS_EVERY === 0) {
              await db()
                .update(certificateArchives)
                .set({ done, lockedUntil: new Date(Date.now() + LEASE_MS) })
                .where(eq(certificateArchives.id, job.id));
            }
            cb(null, Readable.from([Buffer.from(bytes)]));
          },
          (error: Error) => cb(error, Readable.from([])),
        );
      });
    }
    zip.end();
    const key = newStorageKey(now);
    await fileStorage().put(key, zip.outputStream as unknown as Readable);
    await db()
      .update(certificateArchives)
      .set({ status: "done", done: list.length, total: list.length, storageKey: key, finishedAt: new Date() })
      .where(eq(certificateArchives.id, job.id));
  } catch (error) {
    await db()
      .update(certificateArchives)
      .set({ status: "failed", error: String(error).slice(0, 500), finishedAt: new Date() })
      .where(eq(certificateArchives.id, job.id));
  }
  return job.id;
}

/** Polls for ZIP jobs in the background of the server process (one per instance). */
export function startArchiveWorker(intervalMs = 2000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      while ((await buildNextArchive()) !== null) {
        // keep going while there is work
      }
    } catch (error) {
      console.error("certificate archive worker:", error);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
