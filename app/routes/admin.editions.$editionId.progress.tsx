import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { StackedBar } from "~/components/charts/stacked-bar";
import { editionHandle } from "~/components/edition-context";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Button } from "~/components/ui/button";
import { type Column, DataTable } from "~/components/ui/data-table";
import { EmptyState } from "~/components/ui/empty-state";
import { ProgressBar, percent } from "~/components/ui/progress-bar";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { progressByCategory, progressByJudge, sendReminders } from "~/modules/judging/progress.server";

/** The header shows this page's edition and phase (see edition-context.ts). */
export const handle = editionHandle;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const [byCategory, byJudge] = await Promise.all([
    progressByCategory(edition.id),
    progressByJudge(edition.id),
  ]);
  return { edition: { id: edition.id, name: edition.name, phase: edition.phase }, byCategory, byJudge };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const n = await sendReminders({ userId: user.id, ip: clientIp(context) }, editionId);
  return redirect(`/admin/editions/${editionId}/progress?reminded=${n}`);
}

type Counts = { assigned: number; drafted: number; submitted: number; recused: number };
const COLUMNS = ["assigned", "drafted", "submitted", "recused"] as const;
// Not started grey, drafted amber, submitted green, recused blue: each ≥ 3:1 against white.
const COLOURS = {
  assigned: "#78716c",
  drafted: "#d97706",
  submitted: "#166534",
  recused: "#1d4ed8",
} as const;

/** Judging progress per category and per judge, and one reminder mail per judge with open work. */
export default function JudgingProgress() {
  const { byCategory, byJudge } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const countColumns = <T extends Counts>(): Column<T>[] =>
    COLUMNS.map((c) => ({
      key: c,
      header: t(`progress.${c}`),
      numeric: true,
      cell: (row: T) => Number(row[c]),
    }));
  type CategoryRow = (typeof byCategory)[number];
  type JudgeRow = (typeof byJudge)[number];
  const categoryColumns: Column<CategoryRow>[] = [
    { key: "category", header: t("entry.category"), rowHeader: true, cell: (row) => row.categoryName },
    ...countColumns<CategoryRow>(),
  ];
  const judgeColumns: Column<JudgeRow>[] = [
    {
      key: "judge",
      header: t("progress.judge"),
      rowHeader: true,
      cell: (row) => (
        <>
          {row.name} <span className="muted">{row.email}</span>
        </>
      ),
    },
    ...countColumns<JudgeRow>(),
  ];
  // Done = submitted or recused, out of every task.
  const total = byCategory.reduce((sum, r) => sum + COLUMNS.reduce((s, c) => s + Number(r[c]), 0), 0);
  const done = byCategory.reduce((sum, r) => sum + Number(r.submitted) + Number(r.recused), 0);
  return (
    <section className="stack">
      <h1>{t("progress.title")}</h1>
      {params.get("reminded") ? (
        <p className="notice ok" role="status">
          {t("progress.reminded", { n: params.get("reminded") ?? "0" })}
        </p>
      ) : null}
      {byCategory.length === 0 ? (
        <EmptyState title={t("progress.empty")} />
      ) : (
        <>
          <section className="card">
            <ProgressBar
              label={t("progress.sheets")}
              value={done}
              max={total}
              valueText={t("progressBar.value", { value: done, max: total, percent: percent(done, total) })}
            />
            <StackedBar
              title={t("chart.judgingProgress")}
              desc={t("chart.judgingProgressDesc")}
              series={COLUMNS.map((c) => ({ key: c, label: t(`progress.${c}`), colour: COLOURS[c] }))}
              rows={byCategory.map((r) => ({
                label: r.categoryName,
                values: COLUMNS.map((c) => Number(r[c])),
              }))}
              totalLabel={t("chart.value")}
              emptyText={t("chart.noData")}
            />
          </section>
          <Form method="post">
            <Button>{t("progress.remind")}</Button>
          </Form>
          <DataTable
            caption={t("progress.byCategory")}
            columns={categoryColumns}
            rows={byCategory}
            rowKey={(r) => r.categoryId}
          />
          <DataTable
            caption={t("progress.byJudge")}
            columns={judgeColumns}
            rows={byJudge}
            rowKey={(r) => r.judgeId}
          />
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
