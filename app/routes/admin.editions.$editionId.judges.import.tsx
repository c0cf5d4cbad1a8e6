import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { IMPORT_LIMITS } from "~/modules/forms/spreadsheet";
import { readImportUpload } from "~/modules/forms/spreadsheet.server";
import { intParam } from "~/modules/http";
import { DEFAULT_LOCALE, type MessageKey, messageWithParams, translateMessage } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import {
  JUDGE_TEMPLATE_HEADERS,
  type JudgeImportColumn,
  type JudgeImportResult,
} from "~/modules/judging/import";
import { editionCategories, importJudges } from "~/modules/judging/judges.server";
import { ImportUploadSchema } from "~/modules/units/schema";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  return { edition: { id: edition.id, name: edition.name }, categories: await editionCategories(edition.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
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
  const report: JudgeImportResult = await importJudges(
    { id: user.id, ip: clientIp(context) },
    editionId,
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
  const [form, fields] = useForm<z.output<typeof ImportUploadSchema>>({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportUploadSchema }),
    shouldValidate: "onSubmit",
  });
  const report = actionData?.report?.ok ? actionData.report : null;
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}/judges`}>← {t("judge.admin.title")}</Link>
      </p>
      <h1>{t("judgeImport.title")}</h1>
      <p className="lead">{t("judgeImport.lead", { editionName: edition.name })}</p>
      <p>
        {t("judgeImport.columns", { columns: JUDGE_TEMPLATE_HEADERS.join("、") })}{" "}
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
            {t("judgeImport.summary", {
              total: report.rows.length,
              invited: report.invited,
              added: report.added,
              refused: report.refused,
            })}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("import.row")}
                </th>
                <th scope="col">{t("judge.name")}</th>
                <th scope="col">{t("judge.email")}</th>
                <th scope="col">{t("import.result")}</th>
                <th scope="col">{t("import.reasons")}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.row}>
                  <td className="num">{r.row}</td>
                  <td>{r.name}</td>
                  <td>{r.email}</td>
                  <td>
                    <span className={`badge ${r.status === "refused" ? "mail-failed" : "badge-open"}`}>
                      {t(`judgeImport.status.${r.status}`)}
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
