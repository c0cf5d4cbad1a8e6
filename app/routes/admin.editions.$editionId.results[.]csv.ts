import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { intParam } from "~/modules/http";
import { translator } from "~/modules/i18n/i18n";
import { getLocale } from "~/modules/i18n/i18n.server";
import { resultsCsv, resultsExportRows } from "~/modules/results/view.server";

/** /admin/editions/:id/results.csv — the current tally with overrides and flags, one query. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const rows = await resultsExportRows(
    edition,
    translator(await getLocale(request))("results.admin.noAward"),
  );
  return new Response(resultsCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${edition.slug}-results.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
