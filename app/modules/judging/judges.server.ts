import { and, asc, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { categories, editions, invitations, judgeCategories, judges, units, users } from "#db/schema";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { createUser, EmailTakenError } from "~/modules/auth/users.server";
import { formatDateTime } from "~/modules/editions/time";
import { chunks, readSpreadsheet, type UploadedFile } from "~/modules/forms/spreadsheet.server";
import { type Locale, translator } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";
import {
  claimInvitation,
  createInvitation,
  type Invitation,
  invitationUrl,
  markInvitationUsed,
} from "~/modules/units/invitations.server";
import type { AcceptInvitationInput } from "~/modules/units/schema";
import { withUniqueErrors } from "~/modules/units/units.server";
import { effectiveConflicts } from "./conflicts.server";
import {
  type CategoryRef,
  checkJudgeRows,
  JUDGE_HEADER_MAP,
  type JudgeImportReportRow,
  type JudgeImportResult,
} from "./import";
import {
  type JudgeInvitationPayload,
  JudgeInvitationPayloadSchema,
  type JudgeInviteInput,
  type JudgeProfileInput,
} from "./schema";

/*
 * Judges (评委): organizers invite them by email or import them from a spreadsheet into an
 * edition's category panels; a judge accepts at /invite/:token (single use, expiring) and gets a
 * `judge` account, a profile (title, affiliation, the registered unit it is and the city, both
 * conflicts) and their panels. Panels are per category, so per edition; a judge who already has an
 * account is added to the panels directly.
 */

export type Actor = { id: string; ip: string };

/** The affiliation's credit code names no registered unit. */
export class UnitNotFoundError extends Error {}
/** A chosen category is not one of the edition's. */
export class CategoryNotInEditionError extends Error {}

async function editionOr404(executor: Executor, editionId: number) {
  const [edition] = await executor
    .select({ id: editions.id, name: editions.name, phase: editions.phase })
    .from(editions)
    .where(eq(editions.id, editionId))
    .limit(1);
  if (!edition) throw new Response("Not Found", { status: 404 });
  return edition;
}

/** The edition's categories (id, code, name), in their order. */
export function editionCategories(editionId: number, executor: Executor = db()): Promise<CategoryRef[]> {
  return executor
    .select({ id: categories.id, code: categories.code, name: categories.name })
    .from(categories)
    .where(eq(categories.editionId, editionId))
    .orderBy(asc(categories.position), asc(categories.id));
}

/** The chosen categories, all of which must belong to the edition. */
function pickCategories(all: CategoryRef[], ids: number[]): CategoryRef[] {
  const picked = all.filter((c) => ids.includes(c.id));
  if (picked.length !== ids.length) throw new CategoryNotInEditionError(ids.join(","));
  return picked;
}

async function unitByCreditCode(executor: Executor, creditCode: string | undefined) {
  if (!creditCode) return null;
  const [unit] = await executor
    .select({ id: units.id, name: units.name, regionCode: units.regionCode })
    .from(units)
    .where(eq(units.creditCode, creditCode))
    .limit(1);
  if (!unit) throw new UnitNotFoundError(creditCode);
  return unit;
}

function categoryList(locale: Locale, picked: CategoryRef[]): string {
  return picked.map((c) => c.name).join(translator(locale)("list.separator"));
}

async function addPanels(executor: Executor, judgeId: string, categoryIds: number[]) {
  if (categoryIds.length === 0) return;
  await executor
    .insert(judgeCategories)
    .values(categoryIds.map((categoryId) => ({ judgeId, categoryId })))
    .onConflictDoNothing();
}

/** The panels a judge sits on in one edition (category ids). */
async function panelsIn(executor: Executor, editionId: number, judgeId: string): Promise<number[]> {
  const rows = await executor
    .select({ categoryId: judgeCategories.categoryId })
    .from(judgeCategories)
    .innerJoin(categories, eq(categories.id, judgeCategories.categoryId))
    .where(and(eq(judgeCategories.judgeId, judgeId), eq(categories.editionId, editionId)));
  return rows.map((r) => r.categoryId);
}

type ExistingAccount = { id: string; role: string; name: string; locale: string };

async function accountByEmail(executor: Executor, email: string): Promise<ExistingAccount | null> {
  const [row] = await executor
    .select({ id: users.id, role: users.role, name: users.name, locale: users.locale })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  return row ?? null;
}

type InviteCore = {
  email: string;
  name: string;
  title: string;
  affiliation: string;
  unit: { id: number; regionCode: string } | null;
  regionCode: string;
  picked: CategoryRef[];
};

/**
 * Invites one judge inside the caller's transaction: a new email gets an invitation and its mail;
 * an existing judge joins the panels at once and is told by mail; any other account is refused.
 */
async function inviteOne(
  tx: Executor,
  actor: Actor,
  edition: { id: number; name: string },
  input: InviteCore,
  locale: Locale,
  source: { file: string; row: number } | null,
): Promise<{ status: "invited"; invitationId: number } | { status: "added"; userId: string }> {
  const account = await accountByEmail(tx, input.email);
  const categoryIds = input.picked.map((c) => c.id);
  if (account) {
    if (account.role !== "judge") throw new EmailTakenError(input.email);
    await addPanels(tx, account.id, categoryIds);
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "judge.panels.add",
      subjectType: "judge",
      subjectId: account.id,
      editionId: edition.id,
      after: { categoryIds, ...source },
    });
    const mailLocale = account.locale === "en" ? "en" : "zh-CN";
    await enqueueMail(tx, {
      template: "judge-invitation",
      to: input.email,
      locale: mailLocale,
      props: {
        name: account.name,
        title: input.title,
        editionName: edition.name,
        categories: categoryList(mailLocale, input.picked),
        url: `${env().appUrl}/login`,
        expiresAt: "",
        existing: true,
      },
    });
    return { status: "added", userId: account.id };
  }
  const payload: JudgeInvitationPayload = {
    editionId: edition.id,
    title: input.title,
    affiliation: input.affiliation,
    unitId: input.unit?.id ?? null,
    // The city defaults to the registered unit's.
    regionCode: input.regionCode || input.unit?.regionCode || "",
    categoryIds,
  };
  const invitation = await createInvitation(tx, {
    kind: "judge",
    email: input.email,
    name: input.name,
    payload,
    createdBy: actor.id,
  });
  await enqueueMail(tx, {
    template: "judge-invitation",
    to: input.email,
    locale,
    props: {
      name: input.name,
      title: input.title,
      editionName: edition.name,
      categories: categoryList(locale, input.picked),
      url: invitationUrl(invitation.token),
      expiresAt: formatDateTime(invitation.expiresAt),
      existing: false,
    },
  });
  await audit(tx, {
    actorId: actor.id,
    ip: actor.ip,
    action: source ? "judge.import" : "invitation.create",
    subjectType: "invitation",
    subjectId: invitation.id,
    editionId: edition.id,
    after: { kind: "judge", email: input.email, name: input.name, ...payload, ...source },
  });
  return { status: "invited", invitationId: invitation.id };
}

/**
 * The organizer invites a judge to the edition's chosen panels. Returns whether an invitation
 * went out or an existing judge was added. Throws EmailTakenError for a unit's or organizer's
 * email, UnitNotFoundError for an unknown credit code, CategoryNotInEditionError.
 */
export async function inviteJudge(
  actor: Actor,
  editionId: number,
  input: JudgeInviteInput,
  locale: Locale,
): Promise<{ status: "invited"; invitationId: number } | { status: "added"; userId: string }> {
  return db().transaction(async (tx) => {
    const edition = await editionOr404(tx, editionId);
    const picked = pickCategories(await editionCategories(editionId, tx), input.categoryIds);
    const unit = await unitByCreditCode(tx, input.unitCreditCode);
    return inviteOne(
      tx,
      actor,
      edition,
      {
        email: input.email,
        name: input.name,
        title: input.title,
        affiliation: input.affiliation,
        unit,
        regionCode: input.regionCode,
        picked,
      },
      locale,
      null,
    );
  });
}

function payloadOf(invitation: Invitation): JudgeInvitationPayload {
  const parsed = JudgeInvitationPayloadSchema.safeParse(invitation.payload);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return parsed.data;
}

/** What the invitation page shows a judge before they accept. */
export async function judgeInvitationView(invitation: Invitation) {
  const payload = payloadOf(invitation);
  const [edition] = await db()
    .select({ name: editions.name })
    .from(editions)
    .where(eq(editions.id, payload.editionId))
    .limit(1);
  const cats =
    payload.categoryIds.length > 0
      ? await db()
          .select({ name: categories.name })
          .from(categories)
          .where(inArray(categories.id, payload.categoryIds))
          .orderBy(asc(categories.position))
      : [];
  return {
    editionName: edition?.name ?? "",
    title: payload.title,
    affiliation: payload.affiliation,
    categories: cats.map((c) => c.name),
  };
}

/**
 * Accepts a judge invitation: creates the `judge` account with the invitation's email, the
 * profile and the panels (categories deleted since are skipped), audited; the invitation is used.
 */
export async function acceptJudgeInvitation(
  token: string,
  input: AcceptInvitationInput,
  meta: { ip: string; locale: Locale },
  now: Date = new Date(),
): Promise<{ userId: string; email: string }> {
  return db().transaction(async (tx) => {
    const invitation = await claimInvitation(tx, token, ["judge"], now);
    const payload = payloadOf(invitation);
    const userId = await withUniqueErrors(
      async () =>
        (
          await createUser(tx, {
            email: invitation.email,
            name: input.name,
            role: "judge",
            password: input.password,
            locale: meta.locale,
          })
        ).id,
      { email: invitation.email },
    );
    // A unit deleted since the invitation only loses the link.
    const [unit] = payload.unitId
      ? await tx.select({ id: units.id }).from(units).where(eq(units.id, payload.unitId)).limit(1)
      : [];
    const profile = {
      title: payload.title,
      affiliation: payload.affiliation,
      unitId: unit?.id ?? null,
      regionCode: payload.regionCode ?? "",
    };
    await tx.insert(judges).values({ userId, ...profile });
    const existing =
      payload.categoryIds.length > 0
        ? await tx
            .select({ id: categories.id })
            .from(categories)
            .where(inArray(categories.id, payload.categoryIds))
        : [];
    await addPanels(
      tx,
      userId,
      existing.map((c) => c.id),
    );
    await audit(tx, {
      actorId: userId,
      ip: meta.ip,
      action: "judge.create",
      subjectType: "judge",
      subjectId: userId,
      editionId: payload.editionId,
      after: {
        email: invitation.email,
        name: input.name,
        ...profile,
        categoryIds: existing.map((c) => c.id),
      },
    });
    await markInvitationUsed(tx, invitation, userId, meta.ip, now);
    return { userId, email: invitation.email };
  });
}

/* ---------- the organizer's lists ---------- */

export type JudgeListRow = {
  id: string;
  name: string;
  email: string;
  title: string;
  affiliation: string;
  unitName: string | null;
  regionCode: string;
  categoryIds: number[];
  conflicts: number;
};

/**
 * The judges on the edition's panels with their categories in this edition and how many units
 * they are in conflict with (automatic and stored), in four queries whatever their number.
 */
export async function listJudges(editionId: number): Promise<JudgeListRow[]> {
  const panelRows = await db()
    .select({ judgeId: judgeCategories.judgeId, categoryId: judgeCategories.categoryId })
    .from(judgeCategories)
    .innerJoin(categories, eq(categories.id, judgeCategories.categoryId))
    .where(eq(categories.editionId, editionId))
    .orderBy(asc(categories.position));
  const ids = [...new Set(panelRows.map((r) => r.judgeId))];
  if (ids.length === 0) return [];
  const [people, pairs] = await Promise.all([
    db()
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        title: judges.title,
        affiliation: judges.affiliation,
        regionCode: judges.regionCode,
        unitName: units.name,
      })
      .from(users)
      .leftJoin(judges, eq(judges.userId, users.id))
      .leftJoin(units, eq(units.id, judges.unitId))
      .where(and(inArray(users.id, ids), eq(users.role, "judge")))
      .orderBy(asc(users.name)),
    effectiveConflicts(editionId),
  ]);
  const conflictCount = new Map<string, number>();
  for (const p of pairs) conflictCount.set(p.judgeId, (conflictCount.get(p.judgeId) ?? 0) + 1);
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    title: p.title ?? "",
    affiliation: p.affiliation ?? "",
    regionCode: p.regionCode ?? "",
    unitName: p.unitName,
    categoryIds: panelRows.filter((r) => r.judgeId === p.id).map((r) => r.categoryId),
    conflicts: conflictCount.get(p.id) ?? 0,
  }));
}

/** Judge invitations to this edition that were neither used nor expired. */
export async function listOpenJudgeInvitations(editionId: number, now: Date = new Date()) {
  const rows = await db()
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.kind, "judge"),
        isNull(invitations.usedAt),
        gt(invitations.expiresAt, now),
        sql`(${invitations.payload} ->> 'editionId')::int = ${editionId}`,
      ),
    )
    .orderBy(desc(invitations.id));
  return rows;
}

/** One judge's account, profile and panels in the edition, for the organizer; undefined if none. */
export async function getJudge(editionId: number, judgeId: string) {
  const [row] = await db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      title: judges.title,
      affiliation: judges.affiliation,
      regionCode: judges.regionCode,
      unitId: judges.unitId,
      unitName: units.name,
      unitCreditCode: units.creditCode,
    })
    .from(users)
    .leftJoin(judges, eq(judges.userId, users.id))
    .leftJoin(units, eq(units.id, judges.unitId))
    .where(eq(users.id, judgeId))
    .limit(1);
  if (row?.role !== "judge") return undefined;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    title: row.title ?? "",
    affiliation: row.affiliation ?? "",
    regionCode: row.regionCode ?? "",
    unitId: row.unitId ?? null,
    unitName: row.unitName,
    unitCreditCode: row.unitCreditCode,
    categoryIds: await panelsIn(db(), editionId, judgeId),
  };
}

/**
 * The organizer changes a judge's name, profile and panels in this edition (panels in other
 * editions stay as they are). Audited with the values before and after.
 */
export async function updateJudge(
  actor: Actor,
  editionId: number,
  judgeId: string,
  input: JudgeProfileInput,
): Promise<void> {
  await db().transaction(async (tx) => {
    await editionOr404(tx, editionId);
    const [user] = await tx
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(eq(users.id, judgeId))
      .for("update");
    if (user?.role !== "judge") throw new Response("Not Found", { status: 404 });
    const all = await editionCategories(editionId, tx);
    const picked = pickCategories(all, input.categoryIds);
    const unit = await unitByCreditCode(tx, input.unitCreditCode);
    const [before] = await tx.select().from(judges).where(eq(judges.userId, judgeId));
    const beforePanels = await panelsIn(tx, editionId, judgeId);
    const profile = {
      title: input.title,
      affiliation: input.affiliation,
      unitId: unit?.id ?? null,
      regionCode: input.regionCode || unit?.regionCode || "",
    };
    await tx
      .insert(judges)
      .values({ userId: judgeId, ...profile })
      .onConflictDoUpdate({ target: judges.userId, set: profile });
    await tx.update(users).set({ name: input.name }).where(eq(users.id, judgeId));
    const keep = picked.map((c) => c.id);
    const dropped = all.map((c) => c.id).filter((id) => !keep.includes(id));
    if (dropped.length > 0) {
      await tx
        .delete(judgeCategories)
        .where(and(eq(judgeCategories.judgeId, judgeId), inArray(judgeCategories.categoryId, dropped)));
    }
    await addPanels(tx, judgeId, keep);
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "judge.update",
      subjectType: "judge",
      subjectId: judgeId,
      editionId,
      before: { name: user.name, ...(before ?? {}), categoryIds: beforePanels },
      after: { name: input.name, ...profile, categoryIds: keep },
    });
  });
}

/* ---------- import ---------- */

/**
 * Imports judges into the edition's panels from an .xlsx or .csv file and reports on every row:
 * new emails get an invitation, existing judges join the panels, other accounts' emails, unknown
 * categories, unknown credit codes and bad values are refused. Good rows are handled in one
 * transaction, each audited with its mail; refused rows change nothing.
 */
export async function importJudges(
  actor: Actor,
  editionId: number,
  file: UploadedFile,
  locale: Locale,
): Promise<JudgeImportResult> {
  const edition = await editionOr404(db(), editionId);
  const sheet = await readSpreadsheet(file, JUDGE_HEADER_MAP);
  if (!sheet.ok) return sheet;
  const cats = await editionCategories(editionId);
  const checked = checkJudgeRows(sheet.rows, cats);

  const valid = checked.filter((r) => r.value !== null);
  const emails = valid.map((r) => r.value?.email as string);
  const codes = [...new Set(valid.flatMap((r) => (r.value?.creditCode ? [r.value.creditCode] : [])))];
  const roles = new Map<string, string>();
  const unitsByCode = new Map<string, { id: number; regionCode: string }>();
  for (const part of chunks(emails, 500)) {
    const found = await db()
      .select({ email: users.email, role: users.role })
      .from(users)
      .where(inArray(users.email, part));
    for (const f of found) roles.set(f.email, f.role);
  }
  for (const part of chunks(codes, 500)) {
    const found = await db()
      .select({ id: units.id, code: units.creditCode, regionCode: units.regionCode })
      .from(units)
      .where(inArray(units.creditCode, part));
    for (const f of found) unitsByCode.set(f.code, { id: f.id, regionCode: f.regionCode });
  }
  for (const row of valid) {
    const value = row.value;
    if (!value) continue;
    const role = roles.get(value.email);
    if (role !== undefined && role !== "judge")
      row.reasons.push({ column: "email", message: "import.emailTaken" });
    if (value.creditCode && !unitsByCode.has(value.creditCode))
      row.reasons.push({ column: "creditCode", message: "judge.unitNotFound" });
    if (row.reasons.length > 0) row.value = null;
  }

  const report: JudgeImportReportRow[] = await db().transaction(async (tx) => {
    const out: JudgeImportReportRow[] = [];
    for (const row of checked) {
      const base = { row: row.row, name: row.name, email: row.email };
      const value = row.value;
      if (!value) {
        out.push({ ...base, status: "refused", reasons: row.reasons });
        continue;
      }
      try {
        const result = await inviteOne(
          tx,
          actor,
          edition,
          {
            email: value.email,
            name: value.name,
            title: value.title,
            affiliation: value.affiliation,
            unit: value.creditCode ? (unitsByCode.get(value.creditCode) ?? null) : null,
            regionCode: value.regionCode,
            picked: cats.filter((c) => value.categoryIds.includes(c.id)),
          },
          locale,
          { file: file.name, row: row.row },
        );
        out.push({ ...base, status: result.status, reasons: [] });
      } catch (error) {
        // An account that appeared since the check: this row is refused, the others go on.
        if (!(error instanceof EmailTakenError)) throw error;
        out.push({
          ...base,
          status: "refused",
          reasons: [{ column: "email", message: "import.emailTaken" }],
        });
      }
    }
    return out;
  });
  const count = (status: JudgeImportReportRow["status"]) => report.filter((r) => r.status === status).length;
  return {
    ok: true,
    rows: report,
    invited: count("invited"),
    added: count("added"),
    refused: count("refused"),
  };
}
