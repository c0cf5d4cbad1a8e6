import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportReportTable, ImportUploadForm } from "~/components/import-upload";
import { uploadWithProgress } from "~/components/ui/upload-progress";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { uploadForm } from "~/modules/forms/body";
import { importFromUpload } from "~/modules/forms/import-action.server";
import { DEFAULT_LOCALE, type MessageKey } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { withCheckCharacter } from "~/modules/units/credit-code";
import { IMPORT_LIMITS, type ImportColumn, TEMPLATE_HEADERS } from "~/modules/units/import";
import { importUnits } from "~/modules/units/import.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  return null;
}

export const handle = uploadForm;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  return importFromUpload(request, (file) =>
    importUnits({ id: user.id, ip: clientIp(context) }, file, DEFAULT_LOCALE),
  );
}

export const clientAction = uploadWithProgress;

const COLUMN_LABELS: Record<ImportColumn, MessageKey> = {
  name: "unit.name",
  creditCode: "unit.creditCode",
  regionName: "unit.regionName",
  level: "unit.level",
  type: "unit.type",
  contactName: "unit.contactName",
  contactPhone: "unit.contactPhone",
  contactEmail: "unit.contactEmail",
};

/** A CSV template with the headers and one example row (the example's code is valid). */
function templateHref(): string {
  const example = [
    "东莞市示例局",
    withCheckCharacter("11441900MB2099001"),
    "广东省东莞市",
    "市",
    "部门",
    "张三",
    "13800138000",
    "contact@example.cn",
  ];
  const csv = `\uFEFF${TEMPLATE_HEADERS.join(",")}\n${example.join(",")}\n`;
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
}

export default function ImportUnits() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const report = actionData?.report?.ok ? actionData.report : null;
  return (
    <section className="stack">
      <p>
        <Link to="/admin/units">{t("unit.admin.back")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p className="lead">{t("import.lead")}</p>
      <p>
        {t("import.columns", { columns: TEMPLATE_HEADERS.join(t("list.separator")) })}{" "}
        <a href={templateHref()} download="units-template.csv">
          {t("import.template")}
        </a>
      </p>
      <p className="muted">
        {t("import.limits", { mb: IMPORT_LIMITS.maxBytes / 1048576, rows: IMPORT_LIMITS.maxRows })}
      </p>
      <ImportUploadForm lastResult={actionData?.result} />
      {report ? (
        <ImportReportTable
          summary={t("import.summary", {
            total: report.rows.length,
            created: report.created,
            refused: report.refused,
          })}
          headers={[t("unit.name"), t("unit.creditCode")]}
          rows={report.rows.map((r) => ({
            row: r.row,
            cells: [r.name, <code key="code">{r.creditCode}</code>],
            ok: r.status === "created",
            statusLabel: t(`import.status.${r.status}`),
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
