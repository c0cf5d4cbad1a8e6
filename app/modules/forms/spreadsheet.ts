import type { MessageKey } from "~/modules/i18n/i18n";

/*
 * Spreadsheet imports, the pure part shared by every import (units, judges): recognising the
 * header row in Chinese or English, the file limits, and turning zod issues into per-column
 * reasons. Reading the file is in spreadsheet.server.ts.
 */

export const IMPORT_LIMITS = { maxBytes: 2 * 1024 * 1024, maxRows: 5000 } as const;

export const IMPORT_FILE_ERRORS = {
  tooLarge: "import.tooLarge",
  type: "import.fileType",
  unreadable: "import.unreadable",
  empty: "import.empty",
} as const satisfies Record<string, MessageKey>;

/** A data row of the file: its row number and the text of each recognised column. */
export type RawRow<C extends string> = { row: number; values: Partial<Record<C, string>> };
export type ImportReason<C extends string> = { column: C | null; message: string };

/** Drops a BOM, notes in brackets, spaces, underscores, asterisks and colons; lower-cases. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .replace(/[(（][^)）]*[)）]/g, "")
    .replace(/[\s_*＊:：]/g, "")
    .toLowerCase();
}

export type HeaderMap<C extends string> = {
  /** The header of a column in the template (its first, Chinese name). */
  columnHeader(column: C): string;
  /** The column a header names, or null for a column the import ignores. */
  columnForHeader(header: string): C | null;
  /** The header row's cells → which column each position holds, and the required ones missing. */
  mapHeader(cells: string[]): { columns: (C | null)[]; missing: C[] };
  /** The template's header row, in order. */
  templateHeaders: readonly string[];
};

/** The header recognition of one import: the headers people write for each column. */
export function headerMap<C extends string>(
  columns: readonly C[],
  headers: Record<C, string[]>,
  required: readonly C[],
): HeaderMap<C> {
  const byHeader = new Map<string, C>(
    columns.flatMap((c) => headers[c].map((h) => [normalizeHeader(h), c] as const)),
  );
  const columnHeader = (column: C) => headers[column][0] as string;
  const columnForHeader = (header: string) => byHeader.get(normalizeHeader(header)) ?? null;
  return {
    columnHeader,
    columnForHeader,
    mapHeader(cells) {
      const found = cells.map((cell) => columnForHeader(cell));
      const present = new Set(found.filter((c): c is C => c !== null));
      return { columns: found, missing: required.filter((c) => !present.has(c)) };
    },
    templateHeaders: columns.map(columnHeader),
  };
}

/** A row's values with blanks as undefined (as conform gives a form's empty inputs). */
export function trimmedValues<C extends string>(values: Partial<Record<C, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).flatMap(([k, v]) =>
      typeof v === "string" && v.trim() !== "" ? [[k, v.trim()]] : [],
    ),
  );
}

/** One reason per column and message from zod's issues (the first path element names the column). */
export function issueReasons<C extends string>(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  columns: readonly C[],
): ImportReason<C>[] {
  const reasons: ImportReason<C>[] = [];
  for (const issue of issues) {
    const column = issue.path[0];
    const reason = {
      column: columns.includes(column as C) ? (column as C) : null,
      message: issue.message,
    };
    if (!reasons.some((r) => r.column === reason.column && r.message === reason.message))
      reasons.push(reason);
  }
  return reasons;
}
