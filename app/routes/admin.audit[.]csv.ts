import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsv } from "~/modules/audit/audit.server";
import { auditFilter } from "~/modules/audit/filter";
import { requireOrganizer } from "~/modules/auth/guards.server";

/** /admin/audit.csv — the filtered audit records, oldest first, streamed in batches. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const rows = auditCsv(auditFilter(request));
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
      "Content-Disposition": 'attachment; filename="audit.csv"',
      "Cache-Control": "no-store",
    },
  });
}
