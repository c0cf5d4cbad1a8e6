import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listAudit, verifyAuditChain } from "~/modules/audit/audit.server";
import { auditFilter } from "~/modules/audit/filter";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { formatDateTime } from "~/modules/editions/time";
import { pageParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const filter = auditFilter(request);
  const page = pageParam(request);
  const url = new URL(request.url);
  const verify = url.searchParams.get("verify") === "1";
  const [list, chain] = await Promise.all([listAudit(filter, page), verify ? verifyAuditChain() : null]);
  return { list, chain, filter, page, query: url.searchParams.toString() };
}

/** Who did what, when, from where — filterable, exportable, and checkable against tampering. */
export default function AuditPage() {
  const { list, chain, filter, page, query } = useLoaderData<typeof loader>();
  const t = useT();
  const withPage = (n: number) => {
    const q = new URLSearchParams(query);
    q.set("page", String(n));
    q.delete("verify");
    return `?${q.toString()}`;
  };
  const csv = new URLSearchParams(query);
  csv.delete("page");
  csv.delete("verify");
  return (
    <section className="stack">
      <header className="page-header row">
        <h1>{t("audit.title")}</h1>
        <a className="button" href={`/admin/audit.csv?${csv.toString()}`}>
          {t("audit.export")}
        </a>
      </header>
      <section className="card row">
        <Link
          to={`?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), verify: "1" }).toString()}`}
          className="button"
        >
          {t("audit.verify")}
        </Link>
        {chain ? (
          chain.ok ? (
            <p className="notice ok" role="status">
              {t("audit.chainOk", { n: chain.checked })}
            </p>
          ) : (
            <p className="form-errors" role="alert">
              {t("audit.chainBroken", { id: chain.brokenAt, n: chain.checked })}
            </p>
          )
        ) : null}
      </section>
      <Form method="get" className="row filters">
        <label>
          {t("audit.edition")}{" "}
          <input name="edition" type="number" min={1} defaultValue={filter.editionId ?? ""} />
        </label>
        <label>
          {t("audit.actor")} <input name="actor" type="text" defaultValue={filter.actorId ?? ""} />
        </label>
        <label>
          {t("audit.subject")}{" "}
          <input name="subject" type="text" placeholder="entry:12" defaultValue={filter.subject ?? ""} />
        </label>
        <label>
          {t("audit.action")}{" "}
          <input name="action" type="text" placeholder="entry.submit" defaultValue={filter.action ?? ""} />
        </label>
        <button type="submit" className="button">
          {t("review.filter")}
        </button>
      </Form>
      {list.rows.length === 0 ? <p className="empty">{t("audit.empty")}</p> : null}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("audit.at")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.subject")}</th>
              <th scope="col">{t("audit.change")}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr key={r.id}>
                <td className="num">{r.id}</td>
                <td>{formatDateTime(r.at)}</td>
                <td>
                  {r.actorName ?? r.actorId ?? "—"}
                  <div className="muted">{r.ip}</div>
                </td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  <code>
                    {r.subjectType}:{r.subjectId}
                  </code>
                  {r.editionId ? (
                    <div className="muted">{t("audit.editionN", { n: r.editionId })}</div>
                  ) : null}
                </td>
                <td>
                  {r.before !== null || r.after !== null ? (
                    <details>
                      <summary>{t("audit.details")}</summary>
                      {r.before !== null ? (
                        <pre className="mail-text">{JSON.stringify(r.before, null, 1)}</pre>
                      ) : null}
                      {r.after !== null ? (
                        <pre className="mail-text">{JSON.stringify(r.after, null, 1)}</pre>
                      ) : null}
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={t("pager.label")}>
        {page > 1 ? <Link to={withPage(page - 1)}>{t("pager.previous")}</Link> : null}
        {list.hasMore ? <Link to={withPage(page + 1)}>{t("pager.next")}</Link> : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
