import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server";
import { attachmentForViewer } from "~/modules/entries/entries.server";
import { intParam } from "~/modules/http";
import { fileResponse } from "~/modules/storage/serve.server";

/**
 * An entry's attachment, streamed with byte ranges so a video plays and seeks. The download name
 * is built from the entry's reference, never the uploaded name, so blind review leaks nothing.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await attachmentForViewer(user, intParam(params, "attachmentId"));
  const a = found.attachment;
  const extension = a.contentType === "video/mp4" ? "mp4" : (a.contentType.split("/")[1] ?? "bin");
  return fileResponse(request, {
    storageKey: a.storageKey,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    downloadName: `${found.reference ?? `entry-${found.entryId}`}-${a.id}.${extension.replace("jpeg", "jpg")}`,
    disposition: "inline",
  });
}
