import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { editions } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { readStoredBytes } from "~/modules/storage/storage.server";
import { parseUploadForm } from "~/modules/storage/upload.server";
import { type SealProblem, sealProblem } from "./seal-check";

export const SEAL_MAX_BYTES = 2 * 1024 * 1024;

export class SealRefused extends Error {
  constructor(readonly problem: SealProblem) {
    super(problem);
  }
}

/**
 * Stores the organizers' seal for an edition's certificates: a PNG with transparency, at most
 * 2 MB, streamed to file storage like any upload. A refused file is removed again; the edition
 * keeps its previous seal until a good one arrives.
 */
export async function saveSeal(actor: { id: string; ip: string }, editionId: number, request: Request) {
  const upload = await parseUploadForm(request, {
    fileFields: ["seal"],
    allowedKinds: ["image"],
    maxBytes: SEAL_MAX_BYTES,
    maxFiles: 1,
  });
  const file = upload.files[0];
  if (!file) throw new SealRefused("certificate.sealNotPng");
  const problem = sealProblem(await readStoredBytes(file.storageKey));
  if (problem) {
    await upload.discard();
    throw new SealRefused(problem);
  }
  await db().transaction(async (tx) => {
    const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId)).for("update");
    if (!edition) throw new Response("Not Found", { status: 404 });
    await tx.update(editions).set({ sealStorageKey: file.storageKey }).where(eq(editions.id, editionId));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "certificate.seal",
      subjectType: "edition",
      subjectId: editionId,
      editionId,
      before: { seal: edition.sealStorageKey },
      after: { seal: file.storageKey, sha256: file.sha256 },
    });
  });
}
