import { inArray } from "drizzle-orm";
import { db } from "#db/client.server";
import { units, users } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { formatDateTime } from "~/modules/editions/time";
import { chunks, readSpreadsheet, type UploadedFile } from "~/modules/forms/spreadsheet.server";
import type { Locale } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";
import {
  type CheckedRow,
  checkImportRows,
  columnHeader,
  type ImportReportRow,
  type ImportResult,
  mapHeader,
} from "./import";
import { createInvitation, invitationUrl } from "./invitations.server";
import { type Actor, unitValues } from "./units.server";

/*
 * Importing units from .xlsx or .csv (read in forms/spreadsheet.server.ts). Every row is checked with the
 * registration rules; codes already registered and emails that already have an account are
 * refused; the good rows become approved units whose contact gets an invitation to set a password.
 */

export type { UploadedFile };

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
  const sheet = await readSpreadsheet(file, { mapHeader, columnHeader });
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
