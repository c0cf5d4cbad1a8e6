import { Readable } from "node:stream";
import { inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { db } from "#db/client.server";
import { units, users } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { formatDateTime } from "~/modules/editions/time";
import { type Locale, messageWithParams } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";
import {
  type CheckedRow,
  checkImportRows,
  columnHeader,
  IMPORT_FILE_ERRORS,
  IMPORT_LIMITS,
  type ImportColumn,
  type ImportReportRow,
  type ImportResult,
  mapHeader,
  type RawRow,
} from "./import";
import { createInvitation, invitationUrl } from "./invitations.server";
import { type Actor, unitValues } from "./units.server";

/*
 * Importing units from .xlsx or .csv (read with exceljs). Every row is checked with the
 * registration rules; codes already registered and emails that already have an account are
 * refused; the good rows become approved units whose contact gets an invitation to set a password.
 */

export type UploadedFile = { name: string; bytes: Uint8Array };

type Sheet = { ok: true; rows: RawRow[] } | { ok: false; error: string };

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

/** Reads the first worksheet: the first non-empty row is the header, the rest are units. */
export async function readSpreadsheet(file: UploadedFile): Promise<Sheet> {
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

  let columns: (ImportColumn | null)[] | null = null;
  const rows: RawRow[] = [];
  let tooMany = false;
  let missing: ImportColumn[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (tooMany || missing.length > 0) return;
    const width = Math.max(row.cellCount, columns?.length ?? 0);
    const cells = Array.from({ length: width }, (_, i) => cellText(row, i + 1));
    if (cells.every((c) => c === "")) return;
    if (!columns) {
      const header = mapHeader(cells);
      columns = header.columns;
      missing = header.missing;
      return;
    }
    const values: Partial<Record<ImportColumn, string>> = {};
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
      error: messageWithParams("import.missingColumns", { columns: missing.map(columnHeader).join("、") }),
    };
  }
  if (tooMany)
    return { ok: false, error: messageWithParams("import.tooManyRows", { max: IMPORT_LIMITS.maxRows }) };
  if (rows.length === 0) return { ok: false, error: IMPORT_FILE_ERRORS.empty };
  return { ok: true, rows };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Refuses rows whose code is already registered or whose email already has an account. */
async function checkAgainstDatabase(rows: CheckedRow[]): Promise<void> {
  const valid = rows.filter((r) => r.value !== null);
  const codes = valid.map((r) => r.value?.creditCode as string);
  const emails = valid.map((r) => r.value?.contactEmail as string);
  const takenCodes = new Set<string>();
  const takenEmails = new Set<string>();
  for (const part of chunks(codes, 500)) {
    const found = await db()
      .select({ code: units.creditCode })
      .from(units)
      .where(inArray(units.creditCode, part));
    for (const f of found) takenCodes.add(f.code);
  }
  for (const part of chunks(emails, 500)) {
    const found = await db().select({ email: users.email }).from(users).where(inArray(users.email, part));
    for (const f of found) takenEmails.add(f.email);
  }
  for (const row of valid) {
    const value = row.value;
    if (!value) continue;
    if (takenCodes.has(value.creditCode))
      row.reasons.push({ column: "creditCode", message: "import.codeTaken" });
    if (takenEmails.has(value.contactEmail))
      row.reasons.push({ column: "contactEmail", message: "import.emailTaken" });
    if (row.reasons.length > 0) row.value = null;
  }
}

/**
 * Imports a spreadsheet of units and reports on every row. Good rows are created in one
 * transaction, each with an audit record and an invitation mail; refused rows change nothing.
 */
export async function importUnits(actor: Actor, file: UploadedFile, locale: Locale): Promise<ImportResult> {
  const sheet = await readSpreadsheet(file);
  if (!sheet.ok) return sheet;
  const checked = checkImportRows(sheet.rows);
  await checkAgainstDatabase(checked);

  const report: ImportReportRow[] = await db().transaction(async (tx) => {
    const out: ImportReportRow[] = [];
    for (const row of checked) {
      const base = { row: row.row, name: row.name, creditCode: row.creditCode };
      const value = row.value;
      if (!value) {
        out.push({ ...base, status: "refused", reasons: row.reasons });
        continue;
      }
      // A registration that arrived since the check loses nothing: this row is refused instead.
      const [unit] = await tx
        .insert(units)
        .values({
          ...unitValues(value),
          contactEmail: value.contactEmail,
          status: "approved",
          reviewedAt: new Date(),
          reviewedBy: actor.id,
        })
        .onConflictDoNothing({ target: units.creditCode })
        .returning({ id: units.id });
      if (!unit) {
        out.push({
          ...base,
          status: "refused",
          reasons: [{ column: "creditCode", message: "import.codeTaken" }],
        });
        continue;
      }
      const invitation = await createInvitation(tx, {
        kind: "unit",
        email: value.contactEmail,
        name: value.contactName,
        unitId: unit.id,
        createdBy: actor.id,
      });
      await enqueueMail(tx, {
        template: "unit-invitation",
        to: value.contactEmail,
        locale,
        props: {
          name: value.contactName,
          unitName: value.name,
          url: invitationUrl(invitation.token),
          expiresAt: formatDateTime(invitation.expiresAt),
          imported: true,
        },
      });
      await audit(tx, {
        actorId: actor.id,
        ip: actor.ip,
        action: "unit.import",
        subjectType: "unit",
        subjectId: unit.id,
        after: { ...value, file: file.name, row: row.row, invitationId: invitation.id },
      });
      out.push({ ...base, status: "created", reasons: [] });
    }
    return out;
  });
  const created = report.filter((r) => r.status === "created").length;
  return { ok: true, rows: report, created, refused: report.length - created };
}
