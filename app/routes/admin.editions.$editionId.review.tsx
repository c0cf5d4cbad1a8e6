import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ENTRY_STATUSES, type EntryStatus } from "#db/schema/entries";
import { EntryStatusBadge } from "~/components/entries/entry-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition, listCategories } from "~/modules/editions/editions.server";
import { formatDateTime } from "~/modules/editions/time";
import { intParam, pageParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { entryCounts, reviewQueue } from "~/modules/review/review.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const categoryId = Number(url.searchParams.get("category")) || undefined;
  const statusParam = url.searchParams.get("status");
  const status = (ENTRY_STATUSES as readonly string[]).includes(statusParam ?? "")
    ? (statusParam as EntryStatus)
    : undefined;
  const page = pageParam(request);
  const [categories, counts, queue] = await Promise.all([
    listCategories(edition.id),
    entryCounts(edition.id),
    reviewQueue(edition.id, { categoryId, status, page }),
  ]);
  return {
    edition: { id: edition.id, name: edition.name },
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    counts,
    queue,
    filter: { categoryId, status, page },
  };
}

export default function ReviewQueue() {
  const { edition, categories, counts, queue, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const countOf = (categoryId: number, status: string) =>
    counts.find((c) => c.categoryId === categoryId && c.status === status)?.n ?? 0;
  const query = (page: number) => {
    const p = new URLSearchParams();
    if (filter.categoryId) p.set("category", String(filter.categoryId));
    if (filter.status) p.set("status", filter.status);
    p.set("page", String(page));
    return `?${p.toString()}`;
  };
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}`}>← {edition.name}</Link>
      </p>
      <h1>{t("review.title")}</h1>
      <section className="card">
        <h2>{t("review.dashboard")}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("entry.category")}</th>
              {ENTRY_STATUSES.map((s) => (
                <th key={s} scope="col" className="num">
                  {t(`entry.status.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                {ENTRY_STATUSES.map((s) => (
                  <td key={s} className="num">
                    {countOf(c.id, s)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Form method="get" className="row filters">
        <label>
          {t("entry.category")}{" "}
          <select name="category" defaultValue={filter.categoryId ?? ""}>
            <option value="">{t("review.all")}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("entry.statusLabel")}{" "}
          <select name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("review.all")}</option>
            {ENTRY_STATUSES.filter((s) => s !== "draft").map((s) => (
              <option key={s} value={s}>
                {t(`entry.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t("review.filter")}
        </button>
      </Form>
      {queue.rows.length === 0 ? (
        <p className="empty">{t("review.empty")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("entry.reference")}</th>
              <th scope="col">{t("entry.title")}</th>
              <th scope="col">{t("review.unit")}</th>
              <th scope="col">{t("entry.category")}</th>
              <th scope="col">{t("entry.statusLabel")}</th>
              <th scope="col">{t("review.checks")}</th>
              <th scope="col">{t("review.submittedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <code>{e.reference}</code>
                </td>
                <td>
                  <Link to={`/admin/entries/${e.id}`}>{e.title || t("entry.untitled")}</Link>
                </td>
                <td>{e.unitName}</td>
                <td>{e.categoryName}</td>
                <td>
                  <EntryStatusBadge status={e.status} />
                </td>
                <td>
                  {e.outsideWindow ? <span className="flag">{t("review.check.outsideWindow")}</span> : null}
                  {e.duplicateLink ? <span className="flag">{t("review.check.duplicateLink")}</span> : null}
                  {e.missingVideo ? <span className="flag">{t("review.check.missingVideo")}</span> : null}
                  {!e.outsideWindow && !e.duplicateLink && !e.missingVideo ? (
                    <span className="muted">{t("review.check.none")}</span>
                  ) : null}
                </td>
                <td>{formatDateTime(e.submittedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("pager.label")}>
        {filter.page > 1 ? <Link to={query(filter.page - 1)}>{t("pager.previous")}</Link> : null}
        {queue.hasMore ? <Link to={query(filter.page + 1)}>{t("pager.next")}</Link> : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
