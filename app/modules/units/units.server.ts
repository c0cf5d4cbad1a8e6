import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { accounts, invitations, units, users } from "#db/schema";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { createUser, EmailTakenError } from "~/modules/auth/users.server";
import { isLocale, type Locale } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";
import { creditCodeDivision } from "./credit-code";
import type { AccountInput, RegistrationInput, ReviewInput, UnitStatus } from "./schema";

export type Actor = { id: string; ip: string };
export type Unit = typeof units.$inferSelect;
export type Account = typeof accounts.$inferSelect;

/** Another unit already registered this 统一社会信用代码. */
export class CreditCodeTakenError extends Error {}
/** The unit's status does not allow this decision (e.g. rejecting an approved unit). */
export class UnitStateError extends Error {}
/** The unit already has an account of that name on that platform. */
export class AccountDuplicateError extends Error {}

/** A unique-constraint violation from either driver (drizzle wraps the driver's error in `cause`). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const candidate = e as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
      cause?: unknown;
    };
    if (candidate.code === "23505") {
      const name = candidate.constraint ?? candidate.constraint_name;
      return constraint === undefined || name === undefined || name === constraint;
    }
    e = candidate.cause;
  }
  return false;
}

export async function creditCodeTaken(executor: Executor, creditCode: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: units.id })
    .from(units)
    .where(eq(units.creditCode, creditCode))
    .limit(1);
  return row !== undefined;
}

/** The columns of a new unit from its form or import row. */
export function unitValues(input: Omit<RegistrationInput, "password" | "confirmPassword" | "contactEmail">) {
  return {
    name: input.name,
    creditCode: input.creditCode,
    regionCode: creditCodeDivision(input.creditCode) ?? "",
    regionName: input.regionName,
    level: input.level,
    type: input.type,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
  };
}

/** Runs a change that inserts a unit and a user, turning a lost race into the usual errors. */
export async function withUniqueErrors<T>(
  run: () => Promise<T>,
  codes: { creditCode?: string; email?: string },
) {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error, "units_credit_code_unique") && codes.creditCode) {
      throw new CreditCodeTakenError(codes.creditCode);
    }
    if (isUniqueViolation(error, "users_email_unique") && codes.email) throw new EmailTakenError(codes.email);
    throw error;
  }
}

/**
 * Creates the unit and its first user (the contact person, who signs in with the contact email),
 * attaches the user to the unit, and returns both ids. Call inside a transaction.
 */
export async function insertUnitWithUser(
  tx: Executor,
  input: Omit<RegistrationInput, "confirmPassword" | "password"> &
    ({ password: string } | { passwordHash: string }),
  options: { status: UnitStatus; locale: Locale; reviewedBy?: string | null },
): Promise<{ unitId: number; userId: string }> {
  if (await creditCodeTaken(tx, input.creditCode)) throw new CreditCodeTakenError(input.creditCode);
  const approved = options.status === "approved";
  const [unit] = await tx
    .insert(units)
    .values({
      ...unitValues(input),
      contactEmail: input.contactEmail,
      status: options.status,
      reviewedAt: approved ? new Date() : null,
      reviewedBy: approved ? (options.reviewedBy ?? null) : null,
    })
    .returning({ id: units.id });
  if (!unit) throw new Error("insert returned nothing");
  const { id: userId } = await createUser(tx, {
    email: input.contactEmail,
    name: input.contactName,
    role: "unit",
    locale: options.locale,
    ...("passwordHash" in input ? { passwordHash: input.passwordHash } : { password: input.password }),
  });
  await tx.update(users).set({ unitId: unit.id }).where(eq(users.id, userId));
  return { unitId: unit.id, userId };
}

/** What the audit log keeps of a registration: everything but the password (typed twice). */
export function registrationRecord<T extends { password: string; confirmPassword?: string }>(input: T) {
  const { password: _password, confirmPassword: _confirm, ...rest } = input;
  return rest;
}

/** The locale of the account with this email, for mail to a unit's contact. */
async function localeFor(executor: Executor, email: string): Promise<Locale> {
  const [row] = await executor
    .select({ locale: users.locale })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  return isLocale(row?.locale) ? row.locale : "zh-CN";
}

/** Which decisions a unit in this status can receive. */
export function reviewAllowed(status: UnitStatus, intent: ReviewInput["intent"]): boolean {
  if (intent === "approve") return status === "pending" || status === "rejected";
  return status === "pending";
}

/**
 * The organizer approves or rejects a registration (a rejected unit may be approved later, e.g.
 * after a phone call; an approved unit is not rejected, as it may already have entries). The unit's
 * contact is told by mail, with the reason.
 */
export async function reviewUnit(actor: Actor, unitId: number, decision: ReviewInput): Promise<void> {
  await db().transaction(async (tx) => {
    const [before] = await tx.select().from(units).where(eq(units.id, unitId)).for("update");
    if (!before) throw new Response("Not Found", { status: 404 });
    if (!reviewAllowed(before.status, decision.intent)) throw new UnitStateError(before.status);
    const status = decision.intent === "approve" ? "approved" : "rejected";
    const reason = decision.reason || null;
    await tx
      .update(units)
      .set({ status, reviewReason: reason, reviewedAt: new Date(), reviewedBy: actor.id })
      .where(eq(units.id, unitId));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: decision.intent === "approve" ? "unit.approve" : "unit.reject",
      subjectType: "unit",
      subjectId: unitId,
      before: { status: before.status, reviewReason: before.reviewReason },
      after: { status, reviewReason: reason },
    });
    if (before.contactEmail) {
      const locale = await localeFor(tx, before.contactEmail);
      const common = { name: before.contactName || before.name, unitName: before.name };
      if (status === "approved") {
        await enqueueMail(tx, {
          template: "unit-approved",
          to: before.contactEmail,
          locale,
          props: { ...common, loginUrl: `${env().appUrl}/login` },
        });
      } else {
        await enqueueMail(tx, {
          template: "unit-rejected",
          to: before.contactEmail,
          locale,
          props: { ...common, reason: reason ?? "" },
        });
      }
    }
  });
}

/* ---------- organizer side ---------- */

export type UnitListFilter = { status?: UnitStatus; q?: string; page: number; pageSize: number };

/** Units for the organizer's list: pending first within the filter, newest first, paged. */
export async function listUnits(filter: UnitListFilter) {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(units.status, filter.status));
  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const match = or(ilike(units.name, pattern), ilike(units.creditCode, pattern));
    if (match) conditions.push(match);
  }
  const rows = await db()
    .select({
      id: units.id,
      name: units.name,
      creditCode: units.creditCode,
      regionName: units.regionName,
      level: units.level,
      type: units.type,
      status: units.status,
      contactName: units.contactName,
      contactPhone: units.contactPhone,
      contactEmail: units.contactEmail,
      reviewReason: units.reviewReason,
      isDemo: units.isDemo,
      createdAt: units.createdAt,
    })
    .from(units)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(units.createdAt), desc(units.id))
    .limit(filter.pageSize + 1)
    .offset((filter.page - 1) * filter.pageSize);
  return { units: rows.slice(0, filter.pageSize), hasMore: rows.length > filter.pageSize };
}

/** How many units are in each status (for the filter's labels). */
export async function unitCounts(): Promise<Record<UnitStatus, number>> {
  const rows = await db().select({ status: units.status, n: count() }).from(units).groupBy(units.status);
  const counts: Record<UnitStatus, number> = { pending: 0, approved: 0, rejected: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** One unit with its accounts, users and open invitations, for the organizer. */
export async function getUnitDetails(unitId: number) {
  const [unit] = await db().select().from(units).where(eq(units.id, unitId)).limit(1);
  if (!unit) return undefined;
  const [accountRows, userRows, invitationRows] = await Promise.all([
    listAccounts(unitId),
    listUnitUsers(unitId),
    listOpenInvitations(unitId),
  ]);
  return { unit, accounts: accountRows, users: userRows, invitations: invitationRows };
}

/* ---------- a unit's own rows: every query is scoped by the actor's unitId ---------- */

export type UnitMembership = {
  id: number;
  name: string;
  status: UnitStatus;
  reviewReason: string | null;
};

/** The unit a user acts for, or null (a unit-role user without a unit). */
export async function unitOfUser(userId: string): Promise<UnitMembership | null> {
  const [row] = await db()
    .select({ id: units.id, name: units.name, status: units.status, reviewReason: units.reviewReason })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export function listAccounts(unitId: number) {
  return db()
    .select()
    .from(accounts)
    .where(eq(accounts.unitId, unitId))
    .orderBy(asc(accounts.platform), asc(accounts.id));
}

/** One of the unit's accounts; another unit's account does not exist for it. */
export async function getAccount(unitId: number, accountId: number): Promise<Account | undefined> {
  const [row] = await db()
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.unitId, unitId)))
    .limit(1);
  return row;
}

async function accountNameTaken(tx: Executor, unitId: number, input: AccountInput, exceptId?: number) {
  const rows = await tx
    .select({ id: accounts.id, platform: accounts.platform, name: accounts.name })
    .from(accounts)
    .where(eq(accounts.unitId, unitId));
  return rows.some((r) => r.platform === input.platform && r.name === input.name && r.id !== exceptId);
}

export async function createAccount(
  actor: Actor,
  unitId: number,
  input: AccountInput,
): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    if (await accountNameTaken(tx, unitId, input)) throw new AccountDuplicateError(input.name);
    const [row] = await tx
      .insert(accounts)
      .values({ unitId, platform: input.platform, name: input.name, handle: input.handle })
      .returning({ id: accounts.id });
    if (!row) throw new Error("insert returned nothing");
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "account.create",
      subjectType: "account",
      subjectId: row.id,
      after: { unitId, ...input },
    });
    return row;
  });
}

async function lockAccount(tx: Executor, unitId: number, accountId: number): Promise<Account> {
  const [row] = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.unitId, unitId)))
    .for("update");
  if (!row) throw new Response("Not Found", { status: 404 });
  return row;
}

export async function updateAccount(
  actor: Actor,
  unitId: number,
  accountId: number,
  input: AccountInput,
): Promise<void> {
  await db().transaction(async (tx) => {
    const before = await lockAccount(tx, unitId, accountId);
    if (await accountNameTaken(tx, unitId, input, accountId)) throw new AccountDuplicateError(input.name);
    await tx
      .update(accounts)
      .set({ platform: input.platform, name: input.name, handle: input.handle })
      .where(and(eq(accounts.id, accountId), eq(accounts.unitId, unitId)));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "account.update",
      subjectType: "account",
      subjectId: accountId,
      before,
      after: input,
    });
  });
}

/** Removes an account; entries that named it keep their data and lose only the link to it. */
export async function deleteAccount(actor: Actor, unitId: number, accountId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const before = await lockAccount(tx, unitId, accountId);
    await tx.delete(accounts).where(and(eq(accounts.id, accountId), eq(accounts.unitId, unitId)));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "account.delete",
      subjectType: "account",
      subjectId: accountId,
      before,
    });
  });
}

export function listUnitUsers(unitId: number) {
  return db()
    .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt })
    .from(users)
    .where(and(eq(users.unitId, unitId), eq(users.role, "unit")))
    .orderBy(asc(users.createdAt));
}

/** Invitations into the unit that were neither used nor expired. */
export async function listOpenInvitations(unitId: number) {
  const rows = await db()
    .select({
      id: invitations.id,
      kind: invitations.kind,
      email: invitations.email,
      name: invitations.name,
      expiresAt: invitations.expiresAt,
      usedAt: invitations.usedAt,
    })
    .from(invitations)
    .where(and(eq(invitations.unitId, unitId), inArray(invitations.kind, ["unit", "unit-user"])))
    .orderBy(desc(invitations.id));
  const now = Date.now();
  return rows.filter((r) => r.usedAt === null && r.expiresAt.getTime() > now);
}
