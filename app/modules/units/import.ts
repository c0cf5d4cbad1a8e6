import {
  headerMap,
  IMPORT_FILE_ERRORS,
  IMPORT_LIMITS,
  issueReasons,
  type ImportReason as SheetReason,
  type RawRow as SheetRow,
  trimmedValues,
} from "~/modules/forms/spreadsheet";
import { messageWithParams } from "~/modules/i18n/i18n";
import { type ImportRowInput, ImportRowSchema } from "./schema";

/*
 * Importing units from a spreadsheet, the pure part: which column is which, and what is wrong with
 * each row (including codes and emails repeated inside the file). Reading the file and the database
 * checks are in import.server.ts.
 */

export const IMPORT_COLUMNS = [
  "name",
  "creditCode",
  "regionName",
  "level",
  "type",
  "contactName",
  "contactPhone",
  "contactEmail",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The region may be left out: it is proposed from the credit code. */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = IMPORT_COLUMNS.filter((c) => c !== "regionName");

/** The header people write, in Chinese (as in the template) or English. */
const HEADERS: Record<ImportColumn, string[]> = {
  name: ["单位名称", "单位", "名称", "name", "unit", "unitname", "organisation", "organization"],
  creditCode: ["统一社会信用代码", "信用代码", "社会信用代码", "creditcode", "uscc", "code"],
  regionName: ["地区", "所在地区", "区域", "region", "regionname"],
  level: ["级别", "层级", "行政级别", "level"],
  type: ["类型", "单位类型", "type", "unittype"],
  contactName: ["联系人", "联系人姓名", "contact", "contactname", "contactperson"],
  contactPhone: ["手机", "手机号", "手机号码", "联系电话", "联系人手机", "mobile", "phone", "contactphone"],
  contactEmail: ["邮箱", "电子邮箱", "邮件", "联系人邮箱", "email", "e-mail", "mail", "contactemail"],
};

const HEADER_MAP = headerMap(IMPORT_COLUMNS, HEADERS, REQUIRED_COLUMNS);

/** The header of a column in the template (the Chinese name). */
export const columnHeader = HEADER_MAP.columnHeader;
/** The template's header row, in order. */
export const TEMPLATE_HEADERS: readonly string[] = HEADER_MAP.templateHeaders;
/** The column a header names, or null for a column the import ignores. */
export const columnForHeader = HEADER_MAP.columnForHeader;
/** The header row's cells → which column each position holds (unknown headers are skipped). */
export const mapHeader = HEADER_MAP.mapHeader;

export type RawRow = SheetRow<ImportColumn>;
export type ImportReason = SheetReason<ImportColumn>;
export type CheckedRow = {
  row: number;
  name: string;
  creditCode: string;
  value: ImportRowInput | null;
  reasons: ImportReason[];
};

/**
 * Checks every row with the registration rules, and refuses a credit code or an email that an
 * earlier row of the same file already has (naming that row).
 */
export function checkImportRows(rows: RawRow[]): CheckedRow[] {
  const seenCodes = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  return rows.map((raw) => {
    const parsed = ImportRowSchema.safeParse(trimmedValues(raw.values));
    const reasons: ImportReason[] = parsed.success ? [] : issueReasons(parsed.error.issues, IMPORT_COLUMNS);
    const value = parsed.success ? parsed.data : null;
    if (value) {
      const codeRow = seenCodes.get(value.creditCode);
      if (codeRow !== undefined) {
        reasons.push({
          column: "creditCode",
          message: messageWithParams("import.duplicateCode", { row: codeRow }),
        });
      } else seenCodes.set(value.creditCode, raw.row);
      const emailRow = seenEmails.get(value.contactEmail);
      if (emailRow !== undefined) {
        reasons.push({
          column: "contactEmail",
          message: messageWithParams("import.duplicateEmail", { row: emailRow }),
        });
      } else seenEmails.set(value.contactEmail, raw.row);
    }
    return {
      row: raw.row,
      name: value?.name ?? raw.values.name?.trim() ?? "",
      creditCode: value?.creditCode ?? raw.values.creditCode?.trim() ?? "",
      value: reasons.length === 0 ? value : null,
      reasons,
    };
  });
}

export type ImportReportRow = {
  row: number;
  status: "created" | "refused";
  name: string;
  creditCode: string;
  reasons: ImportReason[];
};

export type ImportResult =
  | { ok: true; rows: ImportReportRow[]; created: number; refused: number }
  | { ok: false; error: string };

export { IMPORT_FILE_ERRORS, IMPORT_LIMITS };
