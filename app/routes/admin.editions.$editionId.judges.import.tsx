import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportReportTable, ImportUploadForm } from "~/components/import-upload";
import { uploadWithProgress } from "~/components/ui/upload-progress";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { uploadForm } from "~/modules/forms/body";
import { importFromUpload } from "~/modules/forms/import-action.server";
import { IMPORT_LIMITS } from "~/modules/forms/spreadsheet";
import { intParam } from "~/modules/http";
import { DEFAULT_LOCALE, type MessageKey } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { JUDGE_TEMPLATE_HEADERS, type JudgeImportColumn } from "~/modules/judging/import";
import { editionCategories, importJudges } from "~/modules/judging/judges.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  return { edition: { id: edition.id, name: edition.name }, categories: await editionCategories(edition.id) };
}

export const handle = uploadForm;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  return importFromUpload(request, (file) =>
    importJudges({ id: user.id, ip: clientIp(context) }, editionId, file, DEFAULT_LOCALE),
  );
}

export const clientAction = uploadWithProgress;

const COLUMN_LABELS: Record<JudgeImportColumn, MessageKey> = {
  name: "judge.name",
  email: "judge.email",
  title: "judge.title",
  affiliation: "judge.affiliation",
  creditCode: "judge.unitCreditCode",
  regionCode: "judge.regionCode",
  categories: "judge.categories",
};

/** A CSV template with the headers and one example row naming the edition's first categories. */
function templateHref(codes: string[]): string {
  const example = [
    "王某某",
    "judge@example.cn",
    "教授",
    "某大学新闻与传播学院",
    "",
    "440100",
    codes.join(";"),
  ];
  const csv = `\uFEFF${JUDGE_TEMPLATE_HEADERS.join(",")}\n${example.join(",")}\n`;
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
}

export default function ImportJudges() {
  const { edition, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const report = actionData?.report?.ok ? actionData.report : null;
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}/judges`}>← {t("judge.admin.title")}</Link>
      </p>
      <h1>{t("judgeImport.title")}</h1>
      <p className="lead">{t("judgeImport.lead", { editionName: edition.name })}</p>
      <p>
        {t("judgeImport.columns", { columns: JUDGE_TEMPLATE_HEADERS.join(t("list.separator")) })}{" "}
        <a href={templateHref(categories.slice(0, 2).map((c) => c.code))} download="judges-template.csv">
          {t("import.template")}
        </a>
      </p>
      <p className="muted">
        {t("judgeImport.categoryCodes", {
          codes: categories.map((c) => `${c.code} ${c.name}`).join(t("list.separator")),
        })}
      </p>
      <p className="muted">
        {t("import.limits", { mb: IMPORT_LIMITS.maxBytes / 1048576, rows: IMPORT_LIMITS.maxRows })}
      </p>
      <ImportUploadForm lastResult={actionData?.result} />
      {report ? (
        <ImportReportTable
          summary={t("judgeImport.summary", {
            total: report.rows.length,
            invited: report.invited,
            added: report.added,
            refused: report.refused,
          })}
          headers={[t("judge.name"), t("judge.email")]}
          rows={report.rows.map((r) => ({
            row: r.row,
            cells: [r.name, r.email],
            ok: r.status !== "refused",
            statusLabel: t(`judgeImport.status.${r.status}`),
            reasons: r.reasons.map((reason) => ({
              column: reason.column ? t(COLUMN_LABELS[reason.column]) : null,
              message: reason.message,
            })),
          }))}
        />
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
