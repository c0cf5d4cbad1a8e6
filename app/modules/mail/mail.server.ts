import path from "node:path";
import { render } from "@react-email/render";
import { and, desc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { mailOutbox } from "#db/schema";
import { type TemplateName, type Templates, templates } from "#emails/index";
import { env } from "~/env.server";
import { type Locale, translator } from "~/modules/i18n/i18n";
import { redactSecrets } from "./redact";
import { fileTransport, type MailTransport, smtpTransport } from "./transport.server";

/*
 * The mail queue is a transactional outbox in PostgreSQL (docs/decisions/003-mail-outbox.md):
 * enqueueMail() inserts with the caller's transaction, so a message exists exactly when the
 * change that caused it committed; deliverDueMail() claims due rows with FOR UPDATE SKIP LOCKED
 * (several app instances never take the same row), sends, and marks them sent or schedules a
 * retry with exponential backoff.
 */

export const MAIL_RETRY = {
  maxAttempts: 8,
  /** First retry after 30 s, doubling, at most one hour apart. */
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  /** A claimed row is re-offered if its sender died without answering within this time. */
  claimMs: 120_000,
  batch: 20,
} as const;

export function retryDelayMs(attempts: number): number {
  return Math.min(MAIL_RETRY.baseDelayMs * 2 ** Math.max(0, attempts - 1), MAIL_RETRY.maxDelayMs);
}

export async function enqueueMail<K extends TemplateName>(
  executor: Executor,
  message: { template: K; to: string; locale: Locale; props: Templates[K] },
): Promise<{ id: number }> {
  const t = translator(message.locale);
  const spec = templates[message.template];
  const element = spec.element({ ...message.props, locale: message.locale, t });
  const html = await render(element);
  const text = await render(element, { plainText: true });
  const [row] = await executor
    .insert(mailOutbox)
    .values({
      template: message.template,
      locale: message.locale,
      toAddress: message.to,
      subject: spec.subject(t, message.props),
      html,
      text,
    })
    .returning({ id: mailOutbox.id });
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export function defaultTransport(): MailTransport {
  const e = env();
  return e.smtpUrl ? smtpTransport(e.smtpUrl) : fileTransport(path.join(e.dataDir, "mail"));
}

export function messageIdFor(id: number): string {
  const host = new URL(env().appUrl).hostname || "pingxuan.local";
  return `<outbox-${id}@${host}>`;
}

export type DeliveryReport = { sent: number; retried: number; failed: number };

/** Delivers the messages that are due; safe to run from several processes at once. */
export async function deliverDueMail(
  transport: MailTransport,
  now: Date = new Date(),
): Promise<DeliveryReport> {
  const claimedUntil = new Date(now.getTime() + MAIL_RETRY.claimMs);
  const claimed = await db().transaction(async (tx) => {
    const due = await tx
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(
        and(
          eq(mailOutbox.status, "pending"),
          lte(mailOutbox.nextAttemptAt, now),
          or(isNull(mailOutbox.lockedUntil), lt(mailOutbox.lockedUntil, now)),
        ),
      )
      .orderBy(mailOutbox.id)
      .limit(MAIL_RETRY.batch)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(mailOutbox)
      .set({ lockedUntil: claimedUntil, attempts: sql`${mailOutbox.attempts} + 1` })
      .where(
        inArray(
          mailOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });

  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  for (const row of claimed) {
    try {
      await transport.send({
        messageId: messageIdFor(row.id),
        from: env().mailFrom,
        to: row.toAddress,
        subject: row.subject,
        html: row.html,
        text: row.text,
      });
      await db()
        .update(mailOutbox)
        .set({ status: "sent", sentAt: new Date(), lockedUntil: null, lastError: null })
        .where(eq(mailOutbox.id, row.id));
      report.sent++;
    } catch (error) {
      const giveUp = row.attempts >= MAIL_RETRY.maxAttempts;
      await db()
        .update(mailOutbox)
        .set({
          status: giveUp ? "failed" : "pending",
          lockedUntil: null,
          lastError: error instanceof Error ? error.message.slice(0, 1000) : String(error),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)),
        })
        .where(eq(mailOutbox.id, row.id));
      if (giveUp) report.failed++;
      else report.retried++;
    }
  }
  return report;
}

/** The newest messages for the organizer's mail page (paged), secret links hidden. */
export async function listOutbox(page: number, pageSize = 50) {
  const rows = await db()
    .select({
      id: mailOutbox.id,
      toAddress: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      locale: mailOutbox.locale,
      template: mailOutbox.template,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
    })
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return rows.map((row) => ({ ...row, subject: redactSecrets(row.subject) }));
}

/**
 * One message as the organizer's mail page shows it: the invitation and password-reset links in
 * it hidden (see redact.ts). Nothing outside the sender reads the outbox's html and text as sent.
 */
export async function outboxMessageForOrganizer(id: number) {
  const [row] = await db()
    .select({
      id: mailOutbox.id,
      toAddress: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      locale: mailOutbox.locale,
      template: mailOutbox.template,
      status: mailOutbox.status,
      createdAt: mailOutbox.createdAt,
      html: mailOutbox.html,
      text: mailOutbox.text,
    })
    .from(mailOutbox)
    .where(eq(mailOutbox.id, id))
    .limit(1);
  if (!row) return undefined;
  return {
    ...row,
    subject: redactSecrets(row.subject),
    html: redactSecrets(row.html),
    text: redactSecrets(row.text),
  };
}

/**
 * Polls the queue in the background of the server process. Each instance runs one; the
 * SKIP LOCKED claim keeps them from sending a message twice.
 */
export function startMailWorker(transport = defaultTransport(), intervalMs = 2000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await deliverDueMail(transport);
    } catch (error) {
      console.error("mail worker:", error);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
