import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ENTRY_STATUSES, type EntryStatus } from "#db/schema/entries";
import { editionHandle } from "~/components/edition-context";
import { EntryStatusBadge } from "~/components/entries/entry-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Button } from "~/components/ui/button";
import { type Column, DataTable } from "~/components/ui/data-table";
import { EmptyState } from "~/components/ui/empty-state";
import { parseSort } from "~/components/ui/sort";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition, listCategories } from "~/modules/editions/editions.server";
import { formatDateTime } from "~/modules/editions/time";
import { idQuery, intParam, pageParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { entryCounts, QUEUE_SORTS, reviewQueue } from "~/modules/review/review.server";

/** The header shows this page's edition and phase (see edition-context.ts). */
export const handle = editionHandle;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const categoryId = idQuery(request, "category");
  const statusParam = url.searchParams.get("status");
  const status = (ENTRY_STATUSES as readonly string[]).includes(statusParam ?? "")
    ? (statusParam as EntryStatus)
    : undefined;
  const page = pageParam(request);
  const sort = parseSort(url.searchParams, QUEUE_SORTS, { key: "reference", dir: "asc" });
  const [categories, counts, queue] = await Promise.all([
    listCategories(edition.id),
    entryCounts(edition.id),
    reviewQueue(edition.id, { categoryId, status, page, sort }),
  ]);
  return {
    edition: { id: edition.id, name: edition.name, phase: edition.phase },
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    counts,
    queue,
    filter: { categoryId, status, page, sort },
  };
}

export default function ReviewQueue() {
  const { categories, counts, queue, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const countOf = (categoryId: number, status: string) =>
    counts.find((c) => c.categoryId === categoryId && c.status === status)?.n ?? 0;
  type Row = (typeof queue.rows)[number];
  const columns: Column<Row>[] = [
    {
      key: "reference",
      header: t("entry.reference"),
      sortable: true,
      cell: (e) => <code>{e.reference}</code>,
    },
    {
      key: "title",
      header: t("entry.title"),
      sortable: true,
      cell: (e) => <Link to={`/admin/entries/${e.id}`}>{e.title || t("entry.untitled")}</Link>,
    },
    { key: "unit", header: t("review.unit"), sortable: true, cell: (e) => e.unitName },
    {
      key: "category",
      header: t("entry.category"),
      sortable: true,
      nowrap: true,
      cell: (e) => e.categoryName,
    },
    {
      key: "status",
      header: t("entry.statusLabel"),
      sortable: true,
      cell: (e) => <EntryStatusBadge status={e.status} />,
    },
    {
      key: "checks",
      header: t("review.checks"),
      cell: (e) => (
        <>
          {e.outsideWindow ? <span className="flag">{t("review.check.outsideWindow")}</span> : null}
          {e.duplicateLink ? <span className="flag">{t("review.check.duplicateLink")}</span> : null}
          {e.missingVideo ? <span className="flag">{t("review.check.missingVideo")}</span> : null}
          {!e.outsideWindow && !e.duplicateLink && !e.missingVideo ? (
            <span className="muted">{t("review.check.none")}</span>
          ) : null}
        </>
      ),
    },
    {
      key: "submittedAt",
      header: t("review.submittedAt"),
      sortable: true,
      nowrap: true,
      cell: (e) => formatDateTime(e.submittedAt),
    },
  ];
  return (
    <section className="stack">
      <h1>{t("review.title")}</h1>
      <section className="card">
        <h2>{t("review.dashboard")}</h2>
        <div className="table-wrap">
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
        </div>
      </section>
      <Form method="get" className="row filters">
        {filter.sort.key !== "reference" || filter.sort.dir !== "asc" ? (
          <>
            <input type="hidden" name="sort" value={filter.sort.key} />
            <input type="hidden" name="dir" value={filter.sort.dir} />
          </>
        ) : null}
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
        <Button>{t("review.filter")}</Button>
      </Form>
      <DataTable
        columns={columns}
        rows={queue.rows}
        rowKey={(e) => e.id}
        sort={filter.sort}
        paging={{ page: filter.page, hasMore: queue.hasMore }}
        empty={<EmptyState title={t("review.empty")} />}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
