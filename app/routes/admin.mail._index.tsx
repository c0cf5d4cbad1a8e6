import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "#db/client.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { env } from "~/env.server";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { formatDateTime } from "~/modules/editions/time";
import { pageParam } from "~/modules/http";
import { isLocale } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { enqueueMail, listOutbox } from "~/modules/mail/mail.server";

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const page = pageParam(request);
  const rows = await listOutbox(page, PAGE_SIZE);
  return {
    messages: rows.slice(0, PAGE_SIZE),
    page,
    hasMore: rows.length > PAGE_SIZE,
    transport: env().smtpUrl ? ("smtp" as const) : ("files" as const),
  };
}

/** Queues a test message to the organizer, to check that outgoing mail works. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  await enqueueMail(db(), {
    template: "test-message",
    to: user.email,
    locale: isLocale(user.locale) ? user.locale : "zh-CN",
    props: { name: user.name, sentAt: formatDateTime(new Date()), appUrl: env().appUrl },
  });
  return redirect("/admin/mail");
}

export default function MailOutbox() {
  const { messages, page, hasMore, transport } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <header className="page-header row">
        <h1>{t("mail.outbox")}</h1>
        <Form method="post">
          <button type="submit" className="button">
            {t("mail.sendTest")}
          </button>
        </Form>
      </header>
      <p className="muted">{t(transport === "smtp" ? "mail.transportSmtp" : "mail.transportFiles")}</p>
      {messages.length === 0 ? (
        <p className="empty">{t("mail.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("mail.created")}</th>
                <th scope="col">{t("mail.to")}</th>
                <th scope="col">{t("mail.subject")}</th>
                <th scope="col">{t("mail.status")}</th>
                <th scope="col" className="num">
                  {t("mail.attempts")}
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td>{m.toAddress}</td>
                  {/* The subject is in the message's language, not necessarily the page's. */}
                  <td lang={m.locale}>
                    <Link to={`/admin/mail/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>
                    <span className={`badge mail-${m.status}`}>{t(`mail.status.${m.status}`)}</span>
                    {m.lastError ? <span className="muted"> {m.lastError}</span> : null}
                  </td>
                  <td className="num">{m.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={t("pager.label")}>
        {page > 1 ? <Link to={`?page=${page - 1}`}>{t("pager.previous")}</Link> : null}
        {hasMore ? <Link to={`?page=${page + 1}`}>{t("pager.next")}</Link> : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
