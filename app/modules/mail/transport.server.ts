import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";

export type OutgoingMessage = {
  /** Stable per queued message, so a receiving server can drop a repeat after a crash mid-send. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
};

export interface MailTransport {
  readonly kind: "smtp" | "files";
  send(message: OutgoingMessage): Promise<void>;
}

/** SMTP through nodemailer (SMTP_URL, e.g. smtp://user:pass@host:587). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: "smtp",
    async send(m) {
      await transporter.sendMail({ ...m, messageId: m.messageId });
    },
  };
}

/**
 * Without SMTP_URL, each message is written as a complete .eml file under DATA_DIR/mail (and the
 * organizer's mail page shows it), so a demo or a developer can read what would have been sent.
 */
export function fileTransport(dir: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    kind: "files",
    async send(m) {
      const info = await builder.sendMail({ ...m, messageId: m.messageId });
      await fs.mkdir(dir, { recursive: true });
      const name = `${m.messageId.replace(/[<>]/g, "").replace(/[^\w.@-]/g, "_")}.eml`;
      await fs.writeFile(path.join(dir, name), info.message as Buffer);
    },
  };
}
