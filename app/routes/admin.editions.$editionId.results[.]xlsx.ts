import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { intParam } from "~/modules/http";
import { translator } from "~/modules/i18n/i18n";
import { getLocale } from "~/modules/i18n/i18n.server";
import { RESULTS_COLUMNS, resultsExportRows } from "~/modules/results/view.server";
import { round2 } from "~/modules/tally/tally";

/** /admin/editions/:id/results.xlsx — the same rows as results.csv, numbers kept as numbers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const rows = await resultsExportRows(
    edition,
    translator(await getLocale(request))("results.admin.noAward"),
  );
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("results");
  sheet.addRow([...RESULTS_COLUMNS]);
  sheet.getRow(1).font = { bold: true };
  const score = (x: number | null) => (x === null ? null : round2(x));
  for (const r of rows) {
    sheet.addRow([
      r.category,
      r.rank,
      r.rawRank,
      r.reference,
      r.title,
      r.unit,
      r.judgeTotals,
      score(r.expert),
      score(r.data),
      score(r.final),
      r.tier,
      r.overrideTier,
      r.overrideReason,
      r.flags,
    ]);
  }
  for (const column of [8, 9, 10]) sheet.getColumn(column).numFmt = "0.00";
  const bytes = await workbook.xlsx.writeBuffer();
  return new Response(new Uint8Array(bytes as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${edition.slug}-results.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
