import type { LoaderFunctionArgs } from "@remix-run/node";
import { unitCertificate } from "~/modules/certificates/certificates.server";
import { certificatePdf, pdfResponse } from "~/modules/certificates/render.server";
import { requireApprovedUnit } from "~/modules/units/guards.server";

/** /unit/certificates/:id.pdf — one of the unit's own certificates; another unit's is 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unitId } = await requireApprovedUnit(request);
  const match = /^(\d{1,9})\.pdf$/.exec(params.file ?? "");
  if (!match) throw new Response("Not Found", { status: 404 });
  const found = await unitCertificate(unitId, Number(match[1]));
  if (!found) throw new Response("Not Found", { status: 404 });
  if (found.certificate.revokedAt) throw new Response("Gone", { status: 410 });
  const bytes = await certificatePdf(found.certificate, found.edition);
  return pdfResponse(bytes, `${found.certificate.number}.pdf`);
}
