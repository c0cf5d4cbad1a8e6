import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { messageWithParams } from "~/modules/i18n/i18n";
import { ImportUploadSchema } from "~/modules/units/schema";
import { IMPORT_LIMITS } from "./spreadsheet";
import { readImportUpload } from "./spreadsheet.server";

export type SpreadsheetFile = { name: string; bytes: Uint8Array };

/**
 * The action of an import page: reads the uploaded spreadsheet (refusing one that is too large
 * with 413), runs the import, and answers with the form's state and the per-row report — or a
 * field message on the file when the import refuses the whole file.
 */
export async function importFromUpload<R extends { ok: true } | { ok: false; error: string }>(
  request: Request,
  run: (file: SpreadsheetFile) => Promise<R>,
) {
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
  const report = await run({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!report.ok) {
    return data(
      { result: submission.reply({ fieldErrors: { file: [report.error] } }), report: null },
      { status: 400 },
    );
  }
  return data({ result: submission.reply({ resetForm: true }), report: report as Extract<R, { ok: true }> });
}
