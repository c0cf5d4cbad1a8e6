import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getArchive } from "~/modules/certificates/archive.server";
import { getEdition } from "~/modules/editions/editions.server";
import { intParam } from "~/modules/http";
import { fileResponse } from "~/modules/storage/serve.server";
import { fileStorage } from "~/modules/storage/storage.server";

/** The built ZIP of an edition's certificates, streamed from file storage. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const archive = await getArchive(edition.id, intParam(params, "archiveId"));
  if (!archive?.storageKey || archive.status !== "done") throw new Response("Not Found", { status: 404 });
  const stat = await fileStorage().stat(archive.storageKey);
  if (!stat) throw new Response("Not Found", { status: 404 });
  return fileResponse(request, {
    storageKey: archive.storageKey,
    contentType: "application/zip",
    size: stat.size,
    downloadName: `${edition.slug}-certificates.zip`,
    disposition: "attachment",
  });
}
