import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadName, resultsXlsx } from "~/modules/results/public.server";

/** /e/:slug/results.xlsx — the latest final list as a spreadsheet (same columns as the CSV). */
export async function loader({ params }: LoaderFunctionArgs) {
  const { edition, publication, bytes } = await resultsXlsx(params.slug ?? "");
  return new Response(bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${downloadName(edition.slug, publication.version, "xlsx")}"`,
      "Cache-Control": "no-cache",
    },
  });
}
