import { Readable } from "node:stream";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import ExcelJS from "exceljs";
import { messageWithParams } from "~/modules/i18n/i18n";
import { isMalformedBody } from "~/modules/storage/upload.server";
import { type HeaderMap, IMPORT_FILE_ERRORS, IMPORT_LIMITS, type RawRow } from "./spreadsheet";

/*
 * Reading an uploaded .xlsx or .csv file (with exceljs) into rows of text, for every import: the
 * first non-empty row is the header, the rest are data. Limits and messages are shared.
 */

export type UploadedFile = { name: string; bytes: Uint8Array };

export type Sheet<C extends string> = { ok: true; rows: RawRow<C>[] } | { ok: false; error: string };

/**
 * The import form's multipart body, read into memory up to the import size limit: "tooLarge" when
 * the file is bigger, "notMultipart" for any other kind of body.
 */
export async function readImportUpload(request: Request): Promise<FormData | "tooLarge" | "notMultipart"> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return "notMultipart";
  try {
    return await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_LIMITS.maxBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "tooLarge";
    // Unreadable: answered like a form without the file (400), not as a server error.
    if (isMalformedBody(error)) return "notMultipart";
    throw error;
  }
}

function kindOf(file: UploadedFile): "xlsx" | "csv" | null {
  const name = file.name.toLowerCase();
  const zip = file.bytes[0] === 0x50 && file.bytes[1] === 0x4b; // "PK": an .xlsx is a zip file
  if (name.endsWith(".xlsx")) return zip ? "xlsx" : null;
  if (name.endsWith(".csv")) return zip ? null : "csv";
  return null;
}

/** CSV saved by Excel in China is often GB18030 rather than UTF-8; both are accepted. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

async function loadWorksheet(file: UploadedFile, kind: "xlsx" | "csv"): Promise<ExcelJS.Worksheet | null> {
  const workbook = new ExcelJS.Workbook();
  if (kind === "xlsx") {
    await workbook.xlsx.load(Buffer.from(file.bytes) as unknown as ExcelJS.Buffer);
    return workbook.worksheets[0] ?? null;
  }
  // Keep every value as text: an 18-digit credit code or a mobile number must not become a number.
  return workbook.csv.read(Readable.from([decodeCsv(file.bytes)]), { map: (value: unknown) => value });
}

function cellText(row: ExcelJS.Row, column: number): string {
  const cell = row.getCell(column);
  if (cell.value === null || cell.value === undefined) return "";
  return (cell.text ?? String(cell.value)).trim();
}

/** Reads the first worksheet: the first non-empty row is the header, the rest are data rows. */
export async function readSpreadsheet<C extends string>(
  file: UploadedFile,
  header: Pick<HeaderMap<C>, "mapHeader" | "columnHeader">,
): Promise<Sheet<C>> {
  if (file.bytes.byteLength > IMPORT_LIMITS.maxBytes) {
    return {
      ok: false,
      error: messageWithParams(IMPORT_FILE_ERRORS.tooLarge, { mb: IMPORT_LIMITS.maxBytes / 1048576 }),
    };
  }
  const kind = kindOf(file);
  if (!kind) return { ok: false, error: IMPORT_FILE_ERRORS.type };
  let sheet: ExcelJS.Worksheet | null;
  try {
    sheet = await loadWorksheet(file, kind);
  } catch {
    return { ok: false, error: IMPORT_FILE_ERRORS.unreadable };
  }
  if (!sheet) return { ok: false, error: IMPORT_FILE_ERRORS.empty };

  let columns: (C | null)[] | null = null;
  const rows: RawRow<C>[] = [];
  let tooMany = false;
  let missing: C[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (tooMany || missing.length > 0) return;
    const width = Math.max(row.cellCount, columns?.length ?? 0);
    const cells = Array.from({ length: width }, (_, i) => cellText(row, i + 1));
    if (cells.every((c) => c === "")) return;
    if (!columns) {
      const mapped = header.mapHeader(cells);
      columns = mapped.columns;
      missing = mapped.missing;
      return;
    }
    const values: Partial<Record<C, string>> = {};
    columns.forEach((column, i) => {
      if (column && values[column] === undefined) values[column] = cells[i] ?? "";
    });
    if (rows.length >= IMPORT_LIMITS.maxRows) tooMany = true;
    else rows.push({ row: rowNumber, values });
  });
  if (!columns) return { ok: false, error: IMPORT_FILE_ERRORS.empty };
  if (missing.length > 0) {
    return {
      ok: false,
      error: messageWithParams("import.missingColumns", {
        columns: missing.map((c) => header.columnHeader(c)).join("、"),
      }),
    };
  }
  if (tooMany)
    return { ok: false, error: messageWithParams("import.tooManyRows", { max: IMPORT_LIMITS.maxRows }) };
  if (rows.length === 0) return { ok: false, error: IMPORT_FILE_ERRORS.empty };
  return { ok: true, rows };
}

/** Splits a list for `IN (…)` queries of bounded size. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
