import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox } from "#db/schema";
import { SENT_TO_CHOSEN_ADDRESSES, type Templates } from "#emails/index";
import { LOCALES } from "~/modules/i18n/i18n";
import { deliverDueMail, enqueueMail, MAIL_RETRY, retryDelayMs } from "~/modules/mail/mail.server";
import { smtpTransport } from "~/modules/mail/transport.server";
import { type TestApp, testAppForFile } from "../../support/app";
import { unitClient } from "../units/helpers";

type Received = { from: string; to: string[]; raw: string };

/** A real SMTP server on a free port of 127.0.0.1 that keeps what it receives. */
async function startSmtp(port = 0): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        raw += chunk;
      });
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

function stop(server: SMTPServer) {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

const testApp = testAppForFile();
let app: TestApp;
beforeAll(() => {
  app = testApp();
});

describe("mail queue", () => {
  it("delivers a queued message to the SMTP server exactly once", async () => {
    const smtp = await startSmtp();
    const { id } = await enqueueMail(app.db, {
      template: "welcome",
      to: "judge@example.cn",
      locale: "zh-CN",
      props: { name: "王教授", email: "judge@example.cn", role: "judge", loginUrl: "http://localhost/login" },
    });
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`);
    expect(await deliverDueMail(transport)).toEqual({ sent: 1, retried: 0, failed: 0 });
    // A second worker pass (or a second instance) finds nothing left to send.
    expect(await deliverDueMail(transport)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(["judge@example.cn"]);
    expect(smtp.received[0]?.raw).toContain(`Message-ID: <outbox-${id}@`);
    expect(smtp.received[0]?.raw).toMatch(/Subject: =\?UTF-8\?/); // the Chinese subject, encoded
    const [row] = await app.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    expect(row?.status).toBe("sent");
    expect(row?.subject).toBe("您的评选平台账号已开通");
    expect(row?.text).toContain("王教授");
    await stop(smtp.server);
  });

  it("retries with backoff while the SMTP server is down, then delivers once", async () => {
    // Find a free port, then close the server so nothing listens there.
    const probe = await startSmtp();
    const port = probe.port;
    await stop(probe.server);

    const { id } = await enqueueMail(app.db, {
      template: "test-message",
      to: "organizer@example.cn",
      locale: "en",
      props: { name: "Ada", sentAt: "2024-11-01 09:00", appUrl: "http://localhost" },
    });
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    const t0 = new Date();
    expect(await deliverDueMail(transport, t0)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await app.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    expect(row?.status).toBe("pending");
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toBeTruthy();
    expect(row?.nextAttemptAt.getTime()).toBe(t0.getTime() + MAIL_RETRY.baseDelayMs);

    // Not due yet: nothing is tried before the backoff has passed.
    expect(await deliverDueMail(transport, new Date(t0.getTime() + 1000))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });

    const smtp = await startSmtp(port);
    const later = new Date(t0.getTime() + MAIL_RETRY.baseDelayMs + 1000);
    expect(await deliverDueMail(transport, later)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.filter((m) => m.raw.includes(`outbox-${id}@`))).toHaveLength(1);
    [row] = await app.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    expect(row?.status).toBe("sent");
    expect(row?.attempts).toBe(2);
    await stop(smtp.server);
  });

  it("doubles the delay between attempts up to one hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it("queues nothing when the change that causes the message is rolled back", async () => {
    const before = await app.db.select({ id: mailOutbox.id }).from(mailOutbox);
    await expect(
      app.db.transaction(async (tx) => {
        await enqueueMail(tx, {
          template: "test-message",
          to: "rollback@example.cn",
          locale: "zh-CN",
          props: { name: "x", sentAt: "now", appUrl: "http://localhost" },
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const after = await app.db.select({ id: mailOutbox.id }).from(mailOutbox);
    expect(after).toHaveLength(before.length);
  });

  it("lets an organizer queue a test message and read it on the mail page", async () => {
    const organizer = await app.loggedIn("organizer");
    expect((await organizer.post("/admin/mail", {})).status).toBe(302);
    const page = await (await organizer.get("/admin/mail")).text();
    expect(page).toContain(organizer.email);
    expect(page).toContain("评选平台测试邮件");
    const [row] = await app.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, organizer.email));
    const detail = await organizer.get(`/admin/mail/${row?.id}`);
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain("sandbox");
    const unit = await app.loggedIn("unit");
    expect((await unit.get(`/admin/mail/${row?.id}`)).status).toBe(403);
  });

  it("shows organizers every message without its secret link, and sends the message whole", async () => {
    const smtp = await startSmtp();
    const user = await app.createUser("judge");
    expect((await app.client().post("/forgot-password", { email: user.email })).status).toBe(200);
    const unit = await unitClient(app);
    const colleague = `colleague-${Math.random().toString(36).slice(2, 8)}@example.cn`;
    expect((await unit.post("/unit/users", { email: colleague, name: "赵六" })).status).toBe(302);

    const organizer = await app.loggedIn("organizer");
    const cases = [
      { to: user.email, link: /\/reset-password\/([A-Za-z0-9_-]{43})/ },
      { to: colleague, link: /\/invite\/([A-Za-z0-9_-]{43})/ },
    ];
    for (const { to, link } of cases) {
      const [row] = await app.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to));
      const token = link.exec(row?.text ?? "")?.[1];
      if (!row || !token) throw new Error(`no secret link mailed to ${to}`);
      expect(row.html).toContain(token); // the outbox keeps what is sent

      const list = await (await organizer.get("/admin/mail")).text();
      expect(list).toContain(to);
      const detail = await organizer.get(`/admin/mail/${row.id}`);
      expect(detail.status).toBe(200);
      const page = await detail.text();
      expect(page, to).not.toContain(token);
      expect(page).toContain("•••");
      expect(page).toContain("邀请链接和重设密码链接在此处隐藏");
    }

    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`);
    while ((await deliverDueMail(transport)).sent > 0) {}
    for (const { to, link } of cases) {
      const message = smtp.received.find((m) => m.to.includes(to));
      // Quoted-printable may fold long lines with a trailing "=": unfold before looking.
      const raw = (message?.raw ?? "").replace(/=\r?\n/g, "");
      expect(raw, to).toMatch(link);
    }
    await stop(smtp.server);
  });

  it("keeps what a sender typed out of the subject and greeting of mails to addresses they choose", async () => {
    const MARK = "Typed-By-Sender";
    const samples: { [K in (typeof SENT_TO_CHOSEN_ADDRESSES)[number]]: Templates[K] } = {
      "registration-confirm": { creditCode: MARK, url: `http://x.cn/invite/${MARK}`, expiresAt: MARK },
      "registration-account-exists": { loginUrl: `http://x.cn/${MARK}`, resetUrl: `http://x.cn/${MARK}` },
      "registration-unit-exists": { creditCode: MARK, loginUrl: `http://x.cn/${MARK}` },
      "password-reset-unknown": { registerUrl: `http://x.cn/${MARK}` },
      "unit-user-invitation": {
        unitName: MARK,
        inviterName: MARK,
        url: `http://x.cn/invite/${MARK}`,
        expiresAt: MARK,
      },
    };
    for (const template of SENT_TO_CHOSEN_ADDRESSES) {
      for (const locale of LOCALES) {
        const { id } = await enqueueMail(app.db, {
          template,
          to: "chosen@example.cn",
          locale,
          props: samples[template] as never,
        });
        const [row] = await app.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
        const what = `${template} (${locale})`;
        expect(row?.subject, what).not.toContain(MARK);
        // The portal's name, then the greeting: nothing typed before the body's second line.
        const [appName, greeting] = (row?.text ?? "").split("\n").filter((l) => l.trim() !== "");
        expect(`${appName}\n${greeting}`, what).not.toContain(MARK);
        expect(row?.text, what).toContain(MARK); // the sample did reach the message
      }
    }
  });
});
