import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { pdfResponse, previewPdf } from "~/modules/certificates/render.server";
import { intParam } from "~/modules/http";

/** A sample certificate in the edition's design (organizers, seal), to check before issuing. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const bytes = await previewPdf(intParam(params, "editionId"));
  return pdfResponse(bytes, "certificate-preview.pdf");
}
