import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { invitations, units, users } from "#db/schema";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { createUser, EmailTakenError } from "~/modules/auth/users.server";
import { formatDateTime } from "~/modules/editions/time";
import type { Locale } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";
import { spendThrottle } from "~/modules/throttle/spend.server";
import type {
  AcceptInvitationInput,
  InvitedRegistrationInput,
  UnitInviteInput,
  UnitUserInviteInput,
} from "./schema";
import { type Actor, insertUnitWithUser, registrationRecord, withUniqueErrors } from "./units.server";

/*
 * Invitations sent by mail and accepted at /invite/:token. The token is 32 random bytes; only its
 * SHA-256 is stored, so the database alone cannot be turned into working links. An invitation is
 * used once and expires after INVITATION_DAYS.
 */

export const INVITATION_DAYS = 7;
const DAY_MS = 86_400_000;

export type InvitationKind = typeof invitations.$inferSelect.kind;
export type Invitation = typeof invitations.$inferSelect;

/** The invitation cannot be accepted: it was used already or it expired. */
export class InvitationUnusableError extends Error {
  constructor(public reason: "used" | "expired") {
    super(`invitation ${reason}`);
  }
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function invitationUrl(token: string): string {
  return `${env().appUrl}/invite/${token}`;
}

/** Stores a new invitation and returns its token (to put in the mail; it is not kept). */
export async function createInvitation(
  tx: Executor,
  input: {
    kind: InvitationKind;
    email: string;
    name?: string;
    unitId?: number | null;
    payload?: unknown;
    createdBy: string | null;
  },
  now: Date = new Date(),
): Promise<{ id: number; token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS);
  const [row] = await tx
    .insert(invitations)
    .values({
      kind: input.kind,
      email: input.email.trim().toLowerCase(),
      name: input.name ?? "",
      tokenHash: hashToken(token),
      unitId: input.unitId ?? null,
      payload: input.payload ?? null,
      expiresAt,
      createdBy: input.createdBy,
    })
    .returning({ id: invitations.id });
  if (!row) throw new Error("insert returned nothing");
  return { id: row.id, token, expiresAt };
}

async function emailTaken(tx: Executor, email: string): Promise<boolean> {
  const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return row !== undefined;
}

/** The organizer invites a unit by email; the unit registers through the link and is approved. */
export async function inviteUnit(
  actor: Actor,
  input: UnitInviteInput,
  locale: Locale,
): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    if (await emailTaken(tx, input.email)) throw new EmailTakenError(input.email);
    const invitation = await createInvitation(tx, {
      kind: "unit",
      email: input.email,
      name: input.name,
      createdBy: actor.id,
    });
    await enqueueMail(tx, {
      template: "unit-invitation",
      to: input.email,
      locale,
      props: {
        name: input.name,
        unitName: input.name,
        url: invitationUrl(invitation.token),
        expiresAt: formatDateTime(invitation.expiresAt),
        imported: false,
      },
    });
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "invitation.create",
      subjectType: "invitation",
      subjectId: invitation.id,
      after: { kind: "unit", email: input.email, name: input.name },
    });
    return { id: invitation.id };
  });
}

/**
 * A unit invites another of its people; the link lets them set a password and join the unit. Each
 * invitation mails an address the unit chose, so a unit sends only so many an hour
 * (THROTTLES.unitUserInvitation; ThrottledError beyond).
 */
export async function inviteUnitUser(
  actor: Actor & { name: string },
  unitId: number,
  input: UnitUserInviteInput,
  locale: Locale,
  now: Date = new Date(),
): Promise<{ id: number }> {
  await spendThrottle("unitUserInvitation", `unit:${unitId}`, now);
  return db().transaction(async (tx) => {
    const [unit] = await tx.select({ name: units.name }).from(units).where(eq(units.id, unitId)).limit(1);
    if (!unit) throw new Response("Not Found", { status: 404 });
    if (await emailTaken(tx, input.email)) throw new EmailTakenError(input.email);
    const invitation = await createInvitation(tx, {
      kind: "unit-user",
      email: input.email,
      name: input.name,
      unitId,
      createdBy: actor.id,
    });
    await enqueueMail(tx, {
      template: "unit-user-invitation",
      to: input.email,
      locale,
      props: {
        unitName: unit.name,
        inviterName: actor.name,
        url: invitationUrl(invitation.token),
        expiresAt: formatDateTime(invitation.expiresAt),
      },
    });
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "invitation.create",
      subjectType: "invitation",
      subjectId: invitation.id,
      after: { kind: "unit-user", email: input.email, name: input.name, unitId },
    });
    return { id: invitation.id };
  });
}

export type InvitationLookup =
  | { state: "open"; invitation: Invitation; unitName: string | null }
  | { state: "used" | "expired"; invitation: Invitation; unitName: string | null };

/** The invitation behind a token (null when there is none), with whether it can still be used. */
export async function findInvitation(
  token: string,
  now: Date = new Date(),
): Promise<InvitationLookup | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db()
    .select({ invitation: invitations, unitName: units.name })
    .from(invitations)
    .leftJoin(units, eq(units.id, invitations.unitId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return null;
  const state = row.invitation.usedAt ? "used" : row.invitation.expiresAt <= now ? "expired" : "open";
  return { state, invitation: row.invitation, unitName: row.unitName };
}

/** Locks the invitation for acceptance; a used or expired one is refused, a missing one is 404. */
export async function claimInvitation(
  tx: Executor,
  token: string,
  kinds: InvitationKind[],
  now: Date,
): Promise<Invitation> {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)))
    .for("update");
  if (!row || !kinds.includes(row.kind)) throw new Response("Not Found", { status: 404 });
  if (row.usedAt) throw new InvitationUnusableError("used");
  if (row.expiresAt <= now) throw new InvitationUnusableError("expired");
  return row;
}

export async function markInvitationUsed(
  tx: Executor,
  invitation: Invitation,
  userId: string,
  ip: string,
  now: Date,
) {
  await tx.update(invitations).set({ usedAt: now }).where(eq(invitations.id, invitation.id));
  await audit(tx, {
    actorId: userId,
    ip,
    action: "invitation.accept",
    subjectType: "invitation",
    subjectId: invitation.id,
    after: { kind: invitation.kind, email: invitation.email, unitId: invitation.unitId },
  });
}

/**
 * Accepts an invitation to an existing unit: an imported unit's contact ('unit' with a unit) or a
 * colleague ('unit-user'). Creates the account with the invitation's email and returns it.
 */
export async function acceptJoinInvitation(
  token: string,
  input: AcceptInvitationInput,
  meta: { ip: string; locale: Locale },
  now: Date = new Date(),
): Promise<{ userId: string; email: string }> {
  return db().transaction(async (tx) => {
    const invitation = await claimInvitation(tx, token, ["unit", "unit-user"], now);
    if (invitation.unitId === null) throw new Response("Not Found", { status: 404 });
    const userId = await withUniqueErrors(
      async () =>
        (
          await createUser(tx, {
            email: invitation.email,
            name: input.name,
            role: "unit",
            password: input.password,
            locale: meta.locale,
          })
        ).id,
      { email: invitation.email },
    );
    await tx.update(users).set({ unitId: invitation.unitId }).where(eq(users.id, userId));
    await markInvitationUsed(tx, invitation, userId, meta.ip, now);
    return { userId, email: invitation.email };
  });
}

/**
 * Accepts an organizer's invitation to register: the unit is created already approved (the
 * organizer invited it), with the invitation's email as its contact and first user's login.
 */
export async function acceptRegistrationInvitation(
  token: string,
  input: InvitedRegistrationInput,
  meta: { ip: string; locale: Locale },
  now: Date = new Date(),
): Promise<{ userId: string; unitId: number; email: string }> {
  return db().transaction(async (tx) => {
    const invitation = await claimInvitation(tx, token, ["unit"], now);
    if (invitation.unitId !== null) throw new Response("Not Found", { status: 404 });
    const registration = { ...input, contactEmail: invitation.email };
    const ids = await withUniqueErrors(
      () =>
        insertUnitWithUser(tx, registration, {
          status: "approved",
          locale: meta.locale,
          reviewedBy: invitation.createdBy,
        }),
      { creditCode: input.creditCode, email: invitation.email },
    );
    await audit(tx, {
      actorId: ids.userId,
      ip: meta.ip,
      action: "unit.register",
      subjectType: "unit",
      subjectId: ids.unitId,
      after: { ...registrationRecord(registration), status: "approved", invitationId: invitation.id },
    });
    await markInvitationUsed(tx, invitation, ids.userId, meta.ip, now);
    return { ...ids, email: invitation.email };
  });
}
