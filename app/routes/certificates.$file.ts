import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/load-context";
import { certificatePdf, pdfResponse } from "~/modules/certificates/render.server";
import { lookupCertificate } from "~/modules/certificates/verify.server";

/**
 * /certificates/:code.pdf — the certificate itself, for whoever holds its verification code (the
 * code is printed on it and in its QR code). A revoked certificate is gone (410); unknown codes
 * count toward the same throttle as /verify.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const match = /^(.+)\.pdf$/.exec(params.file ?? "");
  if (!match?.[1]) throw new Response("Not Found", { status: 404 });
  const found = await lookupCertificate(match[1], clientIp(context));
  if (found.kind === "throttled") throw new Response("Too Many Requests", { status: 429 });
  if (found.kind === "unknown") throw new Response("Not Found", { status: 404 });
  if (found.certificate.revokedAt) throw new Response("Gone", { status: 410 });
  const bytes = await certificatePdf(found.certificate, found.edition);
  return pdfResponse(bytes, `${found.certificate.number}.pdf`);
}
