import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { readImportUpload } from "~/modules/forms/spreadsheet.server";
import { DEFAULT_LOCALE, type MessageKey, messageWithParams, translateMessage } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { withCheckCharacter } from "~/modules/units/credit-code";
import {
  IMPORT_LIMITS,
  type ImportColumn,
  type ImportResult,
  TEMPLATE_HEADERS,
} from "~/modules/units/import";
import { importUnits } from "~/modules/units/import.server";
import { ImportUploadSchema } from "~/modules/units/schema";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const upload = await readImportUpload(request);
  const submission = parseWithZod(typeof upload === "string" ? new FormData() : upload, {
    schema: ImportUploadSchema,
  });
  if (upload === "tooLarge") {
    const message = messageWithParams("import.tooLarge", { mb: IMPORT_LIMITS.maxBytes / 1048576 });
    return data(
      { result: submission.reply({ fieldErrors: { file: [message] } }), report: null },
      { status: 413 },
    );
  }
  if (submission.status !== "success")
    return data({ result: submission.reply(), report: null }, { status: 400 });
  const file = submission.value.file;
  const report: ImportResult = await importUnits(
    { id: user.id, ip: clientIp(context) },
    { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    DEFAULT_LOCALE,
  );
  if (!report.ok) {
    return data(
      { result: submission.reply({ fieldErrors: { file: [report.error] } }), report: null },
      { status: 400 },
    );
  }
  return { result: submission.reply({ resetForm: true }), report };
}

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
  const [form, fields] = useForm<z.output<typeof ImportUploadSchema>>({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportUploadSchema }),
    shouldValidate: "onSubmit",
  });
  const report = actionData?.report?.ok ? actionData.report : null;
  return (
    <section className="stack">
      <p>
        <Link to="/admin/units">{t("unit.admin.back")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p className="lead">{t("import.lead")}</p>
      <p>
        {t("import.columns", { columns: TEMPLATE_HEADERS.join("、") })}{" "}
        <a href={templateHref()} download="units-template.csv">
          {t("import.template")}
        </a>
      </p>
      <p className="muted">
        {t("import.limits", { mb: IMPORT_LIMITS.maxBytes / 1048576, rows: IMPORT_LIMITS.maxRows })}
      </p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack card">
        <FormErrors errors={form.errors} />
        <Field
          label={t("import.file")}
          htmlFor={fields.file.id}
          errorId={fields.file.errorId}
          errors={fields.file.errors}
        >
          <input {...getInputProps(fields.file, { type: "file" })} accept=".xlsx,.csv" />
        </Field>
        <button type="submit" className="button primary">
          {t("import.submit")}
        </button>
      </Form>
      {report ? (
        <section className="stack">
          <h2>{t("import.report")}</h2>
          <p role="status">
            {t("import.summary", {
              total: report.rows.length,
              created: report.created,
              refused: report.refused,
            })}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("import.row")}
                </th>
                <th scope="col">{t("unit.name")}</th>
                <th scope="col">{t("unit.creditCode")}</th>
                <th scope="col">{t("import.result")}</th>
                <th scope="col">{t("import.reasons")}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.row}>
                  <td className="num">{r.row}</td>
                  <td>{r.name}</td>
                  <td>
                    <code>{r.creditCode}</code>
                  </td>
                  <td>
                    <span className={`badge ${r.status === "created" ? "badge-open" : "mail-failed"}`}>
                      {t(`import.status.${r.status}`)}
                    </span>
                  </td>
                  <td>
                    {r.reasons.length > 0 ? (
                      <ul className="field-errors">
                        {r.reasons.map((reason) => (
                          <li key={`${reason.column}-${reason.message}`}>
                            {reason.column
                              ? t("import.reasonColumn", { column: t(COLUMN_LABELS[reason.column]) })
                              : ""}
                            {translateMessage(t, reason.message)}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
