import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadName, resultsCsv } from "~/modules/results/public.server";

/**
 * /e/:slug/results.csv — exactly the canonical CSV of the latest final list, so that the SHA-256 of
 * the downloaded file equals the seal printed on the results page. 404 before publication.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const { edition, publication, csv } = await resultsCsv(params.slug ?? "");
  return new Response(new TextEncoder().encode(csv), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${downloadName(edition.slug, publication.version, "csv")}"`,
      "X-Content-SHA256": publication.sha256,
      "Cache-Control": "no-cache",
    },
  });
}
