import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { Field, FormErrors } from "~/components/field";
import { UploadProgress, useUploadProgress } from "~/components/ui/upload-progress";
import { translateMessage } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { ImportUploadSchema } from "~/modules/units/schema";

/**
 * The spreadsheet upload form shared by the units and judges imports; their routes export
 * `clientAction = uploadWithProgress` so the upload shows its progress.
 */
export function ImportUploadForm({
  lastResult,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const t = useT();
  const uploading = useUploadProgress().status !== "idle";
  const [form, fields] = useForm<z.output<typeof ImportUploadSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportUploadSchema }),
    shouldValidate: "onSubmit",
  });
  return (
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
      <button type="submit" className="button primary" disabled={uploading}>
        {t("import.submit")}
      </button>
      <UploadProgress />
    </Form>
  );
}

export type ImportReportRow = {
  row: number;
  cells: ReactNode[];
  ok: boolean;
  statusLabel: string;
  /** Reasons a row was refused: a message key (maybe with parameters) and the column's label. */
  reasons: { column: string | null; message: string }[];
};

/** The per-row report of an import: which rows were taken, and why the others were refused. */
export function ImportReportTable(props: { summary: string; headers: string[]; rows: ImportReportRow[] }) {
  const t = useT();
  return (
    <section className="stack">
      <h2>{t("import.report")}</h2>
      <p role="status">{props.summary}</p>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("import.row")}
              </th>
              {props.headers.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
              <th scope="col">{t("import.result")}</th>
              <th scope="col">{t("import.reasons")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.row}>
                <td className="num">{r.row}</td>
                {r.cells.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed per import
                  <td key={i}>{cell}</td>
                ))}
                <td>
                  <span className={`badge ${r.ok ? "badge-open" : "mail-failed"}`}>{r.statusLabel}</span>
                </td>
                <td>
                  {r.reasons.length > 0 ? (
                    <ul className="field-errors">
                      {r.reasons.map((reason) => (
                        <li key={`${reason.column}-${reason.message}`}>
                          {reason.column ? t("import.reasonColumn", { column: reason.column }) : ""}
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
      </div>
    </section>
  );
}
