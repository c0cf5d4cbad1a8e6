import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { intParam } from "~/modules/http";
import { assignmentsCsv } from "~/modules/judging/assignments.server";

/** /admin/editions/:id/assignments.csv — every assignment, streamed in batches. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const rows = assignmentsCsv(edition.id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${edition.slug}-assignments.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
