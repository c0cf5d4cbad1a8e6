/**
 * One CSV field: quoted when it holds a comma, quote or line break, and prefixed with ' when it
 * starts like a formula, so a spreadsheet program does not run it (CSV injection).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV lines (CRLF-terminated, as spreadsheet programs expect) from rows of fields. */
export function csvLines(rows: string[][]): string {
  return rows.map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
}
