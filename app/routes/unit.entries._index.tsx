import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EntryStatusBadge } from "~/components/entries/entry-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { Button } from "~/components/ui/button";
import { type Column, DataTable } from "~/components/ui/data-table";
import { EmptyState } from "~/components/ui/empty-state";
import { parseSort, sortRows } from "~/components/ui/sort";
import { clientIp } from "~/load-context";
import { formatDateTime } from "~/modules/editions/time";
import {
  createDraft,
  EntryLockedError,
  listUnitEntries,
  openCategories,
} from "~/modules/entries/entries.server";
import { NewEntrySchema } from "~/modules/entries/schema";
import { redirectWithToast } from "~/modules/flash.server";
import { useT } from "~/modules/i18n/use-t";
import { requireApprovedUnit } from "~/modules/units/guards.server";

const ENTRY_SORTS = ["reference", "title", "category", "status", "updatedAt"] as const;
type UnitEntry = Awaited<ReturnType<typeof listUnitEntries>>[number];

function sortValue(e: UnitEntry, key: (typeof ENTRY_SORTS)[number]): string | number | null {
  if (key === "reference") return e.reference;
  if (key === "title") return e.title || null;
  if (key === "category") return `${e.editionName} ${e.categoryName}`;
  if (key === "status") return e.status;
  return new Date(e.updatedAt).getTime();
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { unitId } = await requireApprovedUnit(request);
  const [mine, open] = await Promise.all([listUnitEntries(unitId), openCategories()]);
  // A unit has a handful of entries: sorted here, not in SQL.
  const sort = parseSort(new URL(request.url).searchParams, ENTRY_SORTS, { key: "updatedAt", dir: "desc" });
  const sorted = sortRows(mine, (e) => sortValue(e, sort.key), sort.dir);
  return { entries: sorted, open, sort };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, unitId } = await requireApprovedUnit(request);
  const submission = parseWithZod(await request.formData(), { schema: NewEntrySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const { id } = await createDraft(
      { userId: user.id, unitId, ip: clientIp(context) },
      submission.value.categoryId,
    );
    return redirectWithToast(`/unit/entries/${id}`, "toast.entryCreated");
  } catch (error) {
    if (error instanceof EntryLockedError) {
      return data(submission.reply({ formErrors: [error.reason] }), { status: 409 });
    }
    throw error;
  }
}

export default function UnitEntries() {
  const { entries, open, sort } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  type Row = (typeof entries)[number];
  const columns: Column<Row>[] = [
    {
      key: "reference",
      header: t("entry.reference"),
      sortable: true,
      cell: (e) => (e.reference ? <code>{e.reference}</code> : "—"),
    },
    {
      key: "title",
      header: t("entry.title"),
      sortable: true,
      cell: (e) => <Link to={`/unit/entries/${e.id}`}>{e.title || t("entry.untitled")}</Link>,
    },
    {
      key: "category",
      header: t("entry.category"),
      sortable: true,
      cell: (e) => `${e.editionName} · ${e.categoryName}`,
    },
    {
      key: "status",
      header: t("entry.statusLabel"),
      sortable: true,
      cell: (e) => (
        <>
          <EntryStatusBadge status={e.status} />
          {e.status === "returned" && e.revisionDeadline ? (
            <span className="muted"> {t("entry.reviseBy", { at: formatDateTime(e.revisionDeadline) })}</span>
          ) : null}
        </>
      ),
    },
    {
      key: "updatedAt",
      header: t("entry.updatedAt"),
      sortable: true,
      nowrap: true,
      cell: (e) => formatDateTime(e.updatedAt),
    },
  ];
  return (
    <section className="stack">
      <h1>{t("entry.mine")}</h1>
      <section className="card">
        <h2>{t("entry.new")}</h2>
        {open.length === 0 ? (
          <EmptyState title={t("entry.noOpenCalls")} />
        ) : (
          <Form method="post" className="row">
            <FormErrors errors={lastResult?.error?.[""] ?? undefined} />
            <label htmlFor="categoryId" className="visually-hidden">
              {t("entry.category")}
            </label>
            <select id="categoryId" name="categoryId" required>
              {open.map((c) => (
                <option key={c.categoryId} value={c.categoryId}>
                  {t("ui.withNote", {
                    text: `${c.editionName} · ${c.categoryName}`,
                    note: t("entry.limitPerCategory", { limit: c.limit }),
                  })}
                </option>
              ))}
            </select>
            <Button variant="primary">{t("entry.create")}</Button>
          </Form>
        )}
      </section>
      <DataTable
        columns={columns}
        rows={entries}
        rowKey={(e) => e.id}
        sort={sort}
        empty={<EmptyState title={t("entry.none")} />}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
