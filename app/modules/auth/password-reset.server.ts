import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { db } from "#db/client.server";
import { passwordResets, sessions, users } from "#db/schema";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { isLocale, type Locale } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";
import { addressKey } from "~/modules/throttle/address";
import { hashPassword } from "./password.server";

/*
 * Password reset by mail. The answer to a request is the same whether or not the address has an
 * account; requests are throttled per address and per client in the database. Setting a new
 * password ends every session of the account (a stolen session does not survive the reset) and
 * voids the account's other open links.
 */

export const RESET = { validMinutes: 60, perEmailPerHour: 3, perIpPerHour: 10 } as const;

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export type ResetRequestResult = { throttled: boolean };

/**
 * Asks for a reset link. A known and an unknown address take the same path, statement for
 * statement, so neither the answer nor its time tells whether the address has an account: both
 * read the throttle counts and the user, draw a token, store a request row, render a message and
 * queue it. Only what fills them differs: the unknown address's row has no user (so its token
 * can never be used) and its message says there is no account, with no link.
 */
export async function requestPasswordReset(
  emailInput: string,
  client: { ip: string; locale: Locale },
  now = new Date(),
): Promise<ResetRequestResult> {
  const email = emailInput.trim().toLowerCase();
  // Stored and counted per addressKey: a whole IPv6 /64 is one client.
  const address = addressKey(client.ip);
  return db().transaction(async (tx) => {
    const hourAgo = new Date(now.getTime() - 3_600_000);
    const [byEmail] = await tx
      .select({ n: count() })
      .from(passwordResets)
      .where(and(eq(passwordResets.email, email), gt(passwordResets.createdAt, hourAgo)));
    const [byIp] = await tx
      .select({ n: count() })
      .from(passwordResets)
      .where(and(eq(passwordResets.ip, address), gt(passwordResets.createdAt, hourAgo)));
    if ((byEmail?.n ?? 0) >= RESET.perEmailPerHour || (byIp?.n ?? 0) >= RESET.perIpPerHour) {
      return { throttled: true };
    }
    const [user] = await tx
      .select({ id: users.id, name: users.name, locale: users.locale })
      .from(users)
      .where(eq(users.email, email));
    const token = randomBytes(32).toString("base64url");
    await tx.insert(passwordResets).values({
      id: crypto.randomUUID(),
      email,
      userId: user?.id ?? null,
      tokenHash: hashToken(token),
      ip: address,
      expiresAt: new Date(now.getTime() + RESET.validMinutes * 60_000),
      createdAt: now,
    });
    await enqueueMail(
      tx,
      user
        ? {
            template: "password-reset",
            to: email,
            locale: isLocale(user.locale) ? user.locale : client.locale,
            props: {
              name: user.name,
              url: `${env().appUrl}/reset-password/${token}`,
              minutes: RESET.validMinutes,
            },
          }
        : {
            template: "password-reset-unknown",
            to: email,
            locale: client.locale,
            props: { registerUrl: `${env().appUrl}/register` },
          },
    );
    return { throttled: false };
  });
}

export class ResetTokenError extends Error {
  constructor(public reason: "unknown" | "used" | "expired") {
    super(reason);
  }
}

/** Whether a reset link can still be used (for the page, before the form is sent). */
export async function checkResetToken(token: string, now = new Date()): Promise<void> {
  const [row] = await db()
    .select()
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, hashToken(token)));
  if (!row?.userId) throw new ResetTokenError("unknown");
  if (row.usedAt) throw new ResetTokenError("used");
  if (row.expiresAt <= now) throw new ResetTokenError("expired");
}

/** Sets the new password, uses the token up, ends every session of the account; audited and mailed. */
export async function resetPassword(
  token: string,
  password: string,
  ip: string,
  now = new Date(),
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, hashToken(token)))
      .for("update");
    if (!row?.userId) throw new ResetTokenError("unknown");
    if (row.usedAt) throw new ResetTokenError("used");
    if (row.expiresAt <= now) throw new ResetTokenError("expired");
    // Uses up every open link of the account, not only this one: an older link still lying in the
    // mailbox must not set the password again after the owner has chosen a new one.
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, row.userId), isNull(passwordResets.usedAt)));
    const [user] = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, row.userId))
      .returning({ id: users.id, name: users.name, email: users.email, locale: users.locale });
    if (!user) throw new ResetTokenError("unknown");
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await audit(tx, {
      actorId: user.id,
      ip,
      action: "user.passwordReset",
      subjectType: "user",
      subjectId: user.id,
    });
    await enqueueMail(tx, {
      template: "password-changed",
      to: user.email,
      locale: isLocale(user.locale) ? user.locale : "zh-CN",
      props: { name: user.name, loginUrl: `${env().appUrl}/login` },
    });
  });
}
