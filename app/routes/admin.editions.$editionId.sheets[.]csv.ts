import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { intParam } from "~/modules/http";
import { sheetsCsv } from "~/modules/results/view.server";

/**
 * /admin/editions/:id/sheets.csv — every point of every submitted sheet, streamed, so anyone can
 * recompute the tally outside the portal. Judges are pseudonymous (J001…) in blind editions.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const lines = sheetsCsv(edition);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${edition.slug}-sheets.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
