import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { invitations, users } from "#db/schema";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { hashPassword } from "~/modules/auth/password.server";
import { formatDateTime } from "~/modules/editions/time";
import { isLocale, type Locale } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";
import { addressKey } from "~/modules/throttle/address";
import { spendThrottle } from "~/modules/throttle/spend.server";
import {
  claimInvitation,
  createInvitation,
  type Invitation,
  invitationUrl,
  markInvitationUsed,
} from "./invitations.server";
import { ImportRowSchema, type RegistrationInput } from "./schema";
import { creditCodeTaken, insertUnitWithUser, registrationRecord, withUniqueErrors } from "./units.server";

/*
 * Self-registration at /register, in two steps. The form's answer is the same whatever was typed
 * ("we sent you a message"), so it tells no one whether an address has an account or a credit
 * code a unit; what happened is told by mail, to the address typed, which only its owner reads:
 *  - a new address and a new credit code: a link that confirms the registration (an invitation of
 *    kind 'registration' holding the form and the password's hash); the unit and its user exist
 *    only once the link is used, so no one gets an account at an address that is not theirs;
 *  - an address with an account: a note to its owner that someone tried, with where to sign in;
 *  - a credit code already registered: a note that the unit exists and how to be invited into it.
 * Every path hashes the password and mails once, so the answer takes about the same time. Each
 * request mails an address the visitor chose: a client address sends only so many an hour, and an
 * address receives only so many (THROTTLES.registration, registrationRecipient).
 */

/** What a registration link holds until it is used: the form as typed, and the password's hash. */
const PendingRegistration = z.object({
  registration: ImportRowSchema,
  passwordHash: z.string().startsWith("$argon2"),
});

/** Sends the message for this registration; throws ThrottledError past the address's limit. */
export async function requestRegistration(
  input: RegistrationInput,
  client: { ip: string; locale: Locale },
  now: Date = new Date(),
): Promise<void> {
  await spendThrottle("registration", addressKey(client.ip), now);
  await spendThrottle("registrationRecipient", input.contactEmail, now);
  const passwordHash = await hashPassword(input.password);
  const email = input.contactEmail;
  const appUrl = env().appUrl;
  await db().transaction(async (tx) => {
    const [account] = await tx
      .select({ locale: users.locale })
      .from(users)
      .where(eq(users.email, email))
      .limit(1);
    if (account) {
      await enqueueMail(tx, {
        template: "registration-account-exists",
        to: email,
        locale: isLocale(account.locale) ? account.locale : client.locale,
        props: { loginUrl: `${appUrl}/login`, resetUrl: `${appUrl}/forgot-password` },
      });
      return;
    }
    if (await creditCodeTaken(tx, input.creditCode)) {
      await enqueueMail(tx, {
        template: "registration-unit-exists",
        to: email,
        locale: client.locale,
        props: { creditCode: input.creditCode, loginUrl: `${appUrl}/login` },
      });
      return;
    }
    const invitation = await createInvitation(
      tx,
      {
        kind: "registration",
        email,
        name: input.contactName,
        payload: { registration: registrationRecord(input), passwordHash },
        createdBy: null,
      },
      now,
    );
    await enqueueMail(tx, {
      template: "registration-confirm",
      to: email,
      locale: client.locale,
      props: {
        creditCode: input.creditCode,
        url: invitationUrl(invitation.token),
        expiresAt: formatDateTime(invitation.expiresAt),
      },
    });
  });
}

/** The unit and contact of a registration link, for its page. */
export function pendingRegistrationView(invitation: Invitation) {
  const parsed = PendingRegistration.safeParse(invitation.payload);
  if (!parsed.success) return null;
  const { name, creditCode } = parsed.data.registration;
  return { unitName: name, creditCode };
}

/**
 * Uses a registration link: creates the pending unit and its first user (with the password chosen
 * on the form), audits and mails as a registration did, and forgets the password's hash. A unit
 * or an account made meanwhile with the same credit code or address is CreditCodeTakenError or
 * EmailTakenError.
 */
export async function confirmRegistration(
  token: string,
  meta: { ip: string; locale: Locale },
  now: Date = new Date(),
): Promise<{ unitId: number; userId: string; email: string }> {
  return db().transaction(async (tx) => {
    const invitation = await claimInvitation(tx, token, ["registration"], now);
    const pending = PendingRegistration.safeParse(invitation.payload);
    if (!pending.success) throw new Response("Not Found", { status: 404 });
    const { registration, passwordHash } = pending.data;
    const ids = await withUniqueErrors(
      () =>
        insertUnitWithUser(tx, { ...registration, passwordHash }, { status: "pending", locale: meta.locale }),
      { creditCode: registration.creditCode, email: registration.contactEmail },
    );
    await audit(tx, {
      actorId: ids.userId,
      ip: meta.ip,
      action: "unit.register",
      subjectType: "unit",
      subjectId: ids.unitId,
      after: { ...registration, invitationId: invitation.id },
    });
    await enqueueMail(tx, {
      template: "registration-received",
      to: registration.contactEmail,
      locale: meta.locale,
      props: {
        name: registration.contactName,
        unitName: registration.name,
        creditCode: registration.creditCode,
      },
    });
    // The account holds the hash now; the used link keeps only what was typed.
    await tx.update(invitations).set({ payload: { registration } }).where(eq(invitations.id, invitation.id));
    await markInvitationUsed(tx, invitation, ids.userId, meta.ip, now);
    return { ...ids, email: registration.contactEmail };
  });
}
