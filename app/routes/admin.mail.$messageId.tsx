import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { formatDateTime } from "~/modules/editions/time";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { outboxMessageForOrganizer } from "~/modules/mail/mail.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const message = await outboxMessageForOrganizer(intParam(params, "messageId"));
  if (!message) throw new Response("Not Found", { status: 404 });
  return { message };
}

export default function MailMessage() {
  const { message } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <p>
        <Link to="/admin/mail">← {t("mail.outbox")}</Link>
      </p>
      {/* The message as sent, in its own language (a judge's invitation goes out in Chinese). */}
      <h1 lang={message.locale}>{message.subject}</h1>
      <dl className="meta-list">
        <dt>{t("mail.to")}</dt>
        <dd>{message.toAddress}</dd>
        <dt>{t("mail.created")}</dt>
        <dd>{formatDateTime(message.createdAt)}</dd>
        <dt>{t("mail.status")}</dt>
        <dd>{t(`mail.status.${message.status}`)}</dd>
      </dl>
      <p className="muted">{t("mail.secretsHidden")}</p>
      {/* The message is shown in a sandboxed frame: its HTML cannot run script or reach this page. */}
      <iframe
        title={message.subject}
        lang={message.locale}
        className="mail-frame"
        sandbox=""
        srcDoc={message.html}
      />
      <details>
        <summary>{t("mail.plainText")}</summary>
        <pre className="mail-text" lang={message.locale}>
          {message.text}
        </pre>
      </details>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
