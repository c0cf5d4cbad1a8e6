import {
  headerMap,
  type ImportReason,
  issueReasons,
  type RawRow,
  trimmedValues,
} from "~/modules/forms/spreadsheet";
import { messageWithParams } from "~/modules/i18n/i18n";
import { type JudgeImportRowInput, JudgeImportRowSchema } from "./schema";

/*
 * Importing judges from a spreadsheet, the pure part: the columns, matching the 评审类别 cell to
 * the edition's categories (by code or name), and what is wrong with each row, including emails
 * repeated in the file. Reading the file and the database checks are in judges.server.ts.
 */

export const JUDGE_IMPORT_COLUMNS = [
  "name",
  "email",
  "title",
  "affiliation",
  "creditCode",
  "regionCode",
  "categories",
] as const;
export type JudgeImportColumn = (typeof JUDGE_IMPORT_COLUMNS)[number];

const OPTIONAL: readonly JudgeImportColumn[] = ["creditCode", "regionCode"];
export const JUDGE_REQUIRED_COLUMNS: readonly JudgeImportColumn[] = JUDGE_IMPORT_COLUMNS.filter(
  (c) => !OPTIONAL.includes(c),
);

const HEADERS: Record<JudgeImportColumn, string[]> = {
  name: ["姓名", "评委姓名", "名字", "name", "judgename", "fullname"],
  email: ["邮箱", "电子邮箱", "邮件", "email", "e-mail", "mail"],
  title: ["职称", "职务", "职称/职务", "title", "position"],
  affiliation: ["单位", "工作单位", "所在单位", "affiliation", "organisation", "organization", "employer"],
  creditCode: ["统一社会信用代码", "信用代码", "单位信用代码", "creditcode", "uscc"],
  regionCode: ["地区代码", "行政区划代码", "区划代码", "regioncode", "region"],
  categories: ["评审类别", "类别", "评审奖项", "奖项类别", "categories", "category"],
};

export const JUDGE_HEADER_MAP = headerMap(JUDGE_IMPORT_COLUMNS, HEADERS, JUDGE_REQUIRED_COLUMNS);
export const JUDGE_TEMPLATE_HEADERS = JUDGE_HEADER_MAP.templateHeaders;

export type JudgeRawRow = RawRow<JudgeImportColumn>;
export type JudgeImportReason = ImportReason<JudgeImportColumn>;

export type CategoryRef = { id: number; code: string; name: string };

/** 评审类别 separators people type: ; 、 , (half- or full-width), and line breaks. */
const CATEGORY_SEPARATORS = /[;；、,，\n]+/;

/**
 * The categories a cell names, by code (any case) or exact name, e.g. "QWFB;DSP" or
 * "权威发布、短视频"; the words that name no category of the edition are returned as unknown.
 */
export function matchCategories(
  cell: string,
  categories: readonly CategoryRef[],
): { ids: number[]; unknown: string[] } {
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const word of cell
    .split(CATEGORY_SEPARATORS)
    .map((w) => w.trim())
    .filter(Boolean)) {
    const found = categories.find((c) => c.code.toUpperCase() === word.toUpperCase() || c.name === word);
    if (!found) unknown.push(word);
    else if (!ids.includes(found.id)) ids.push(found.id);
  }
  return { ids, unknown };
}

export type JudgeRowValue = Omit<JudgeImportRowInput, "categories"> & { categoryIds: number[] };

export type CheckedJudgeRow = {
  row: number;
  name: string;
  email: string;
  value: JudgeRowValue | null;
  reasons: JudgeImportReason[];
};

/** Checks every row against the form rules and the edition's categories; refuses repeated emails. */
export function checkJudgeRows(rows: JudgeRawRow[], categories: readonly CategoryRef[]): CheckedJudgeRow[] {
  const seenEmails = new Map<string, number>();
  return rows.map((raw) => {
    const parsed = JudgeImportRowSchema.safeParse(trimmedValues(raw.values));
    const reasons: JudgeImportReason[] = parsed.success
      ? []
      : issueReasons(parsed.error.issues, JUDGE_IMPORT_COLUMNS);
    let value: JudgeRowValue | null = null;
    if (parsed.success) {
      const { categories: cell, ...rest } = parsed.data;
      const matched = matchCategories(cell, categories);
      for (const word of matched.unknown) {
        reasons.push({
          column: "categories",
          message: messageWithParams("judgeImport.unknownCategory", { category: word }),
        });
      }
      if (matched.ids.length === 0 && matched.unknown.length === 0) {
        reasons.push({ column: "categories", message: "form.required" });
      }
      const emailRow = seenEmails.get(rest.email);
      if (emailRow !== undefined) {
        reasons.push({
          column: "email",
          message: messageWithParams("import.duplicateEmail", { row: emailRow }),
        });
      } else seenEmails.set(rest.email, raw.row);
      value = { ...rest, categoryIds: matched.ids };
    }
    return {
      row: raw.row,
      name: value?.name ?? raw.values.name?.trim() ?? "",
      email: value?.email ?? raw.values.email?.trim() ?? "",
      value: reasons.length === 0 ? value : null,
      reasons,
    };
  });
}

export type JudgeImportReportRow = {
  row: number;
  /** invited: a new judge got an invitation; added: an existing judge joined the panels. */
  status: "invited" | "added" | "refused";
  name: string;
  email: string;
  reasons: JudgeImportReason[];
};

export type JudgeImportResult =
  | { ok: true; rows: JudgeImportReportRow[]; invited: number; added: number; refused: number }
  | { ok: false; error: string };
