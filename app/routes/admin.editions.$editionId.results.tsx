import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { editions } from "#db/schema";
import { ScoreDistribution } from "~/components/charts";
import { editionHandle } from "~/components/edition-context";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { Agreement } from "~/components/results/agreement";
import { MethodSummary } from "~/components/results/method-summary";
import { FlagLegend, ResultsTable } from "~/components/results/results-table";
import { TallyProgressBar, tallyWithProgress, useTallyProgress } from "~/components/results/tally-progress";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition, listCategories } from "~/modules/editions/editions.server";
import { formatDateTime } from "~/modules/editions/time";
import { redirectWithToast } from "~/modules/flash.server";
import { longForm } from "~/modules/forms/body";
import { intParam, pageParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import type { ConflictedAssignment } from "~/modules/judging/conflicts.server";
import { conflictedAssignments } from "~/modules/judging/conflicts.server";
import { ResultsActionSchema } from "~/modules/results/override-schema";
import { setOverride } from "~/modules/results/publish.server";
import {
  categoryCounts,
  categoryScores,
  judgeNames,
  resultsPage,
  snapshotOf,
} from "~/modules/results/view.server";
import {
  decideConflictedSheet,
  runTally,
  SheetDecisionError,
  settingsOf,
  TALLY_PHASES,
  TallyClosedError,
} from "~/modules/tally/tally.server";

export const handle = { ...editionHandle, ...longForm };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const [snapshot, cats, conflicted] = await Promise.all([
    snapshotOf(edition.id),
    listCategories(edition.id),
    conflictedAssignments(edition.id, "submitted"),
  ]);
  const url = new URL(request.url);
  const asked = Number(url.searchParams.get("category"));
  const category = cats.find((c) => c.id === asked) ?? cats[0];
  const flaggedOnly = url.searchParams.get("flagged") === "1";
  const page = pageParam(request);
  const categories = cats.map((c) => ({
    id: c.id,
    code: c.code,
    name: c.name,
    tiers: c.tiers.map((x) => ({ id: x.id, name: x.name, quota: x.quota })),
  }));
  const base = {
    edition: { id: edition.id, name: edition.name, phase: edition.phase },
    canChange: TALLY_PHASES.includes(edition.phase),
    settingsNow: settingsOf(edition),
    categories,
    current: { categoryId: category?.id ?? null, page, flaggedOnly },
    conflicted,
  };
  if (!snapshot || !category) return { ...base, snapshot: null };
  const [counts, names, pageRows] = await Promise.all([
    categoryCounts(snapshot),
    judgeNames(snapshot),
    resultsPage(snapshot, edition.id, category.id, { page, flaggedOnly }),
  ]);
  const stats = snapshot.categoryStats.find((c) => c.categoryId === category.id) ?? null;
  const scores = await categoryScores(snapshot, category.id, names);
  const outliers: Record<number, { judgeId: string; difference: number }[]> = {};
  for (const o of stats?.outlierSheets ?? []) {
    const list = outliers[o.entryId] ?? [];
    list.push({ judgeId: o.judgeId, difference: o.difference });
    outliers[o.entryId] = list;
  }
  return {
    ...base,
    snapshot: {
      settings: snapshot.settings,
      ranAt: snapshot.ranAt,
      ranByName: snapshot.ranByName,
      sheetCount: snapshot.sheetCount,
    },
    counts,
    names,
    rows: pageRows.rows,
    hasMore: pageRows.hasMore,
    stats,
    outliers,
    distribution: { categoryName: category.name, ...scores },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const submission = parseWithZod(await request.formData(), { schema: ResultsActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const actor = { id: user.id, ip: clientIp(context) };
  const value = submission.value;
  const url = new URL(request.url);
  const back = `/admin/editions/${edition.id}/results${url.search}`;
  if (value.intent === "tally") {
    try {
      await runTally(actor, edition.id);
    } catch (error) {
      if (error instanceof TallyClosedError) {
        return data(submission.reply({ formErrors: ["results.admin.tallyClosed"] }), { status: 409 });
      }
      throw error;
    }
    return redirectWithToast(back, "toast.tallyDone");
  }
  if (value.intent === "keepSheet" || value.intent === "voidSheet") {
    try {
      const decision = value.intent === "keepSheet" ? "keep" : "void";
      await decideConflictedSheet(actor, edition.id, value.assignmentId, decision);
    } catch (error) {
      if (error instanceof SheetDecisionError) {
        return data(submission.reply({ formErrors: ["results.admin.conflictedRefused"] }), { status: 409 });
      }
      throw error;
    }
    return redirect(`${back}#conflicted-sheets`);
  }
  const changed = await db().transaction(async (tx) => {
    // Under the edition's lock, so an override cannot slip in while the list is being published.
    const [locked] = await tx
      .select({ phase: editions.phase })
      .from(editions)
      .where(eq(editions.id, edition.id))
      .for("update");
    if (!locked || !TALLY_PHASES.includes(locked.phase)) return false;
    await setOverride(tx, actor, edition.id, {
      entryId: value.entryId,
      tierId: value.intent === "override" && value.tier !== "none" ? Number(value.tier) : null,
      reason: value.reason,
      clear: value.intent === "clear",
    });
    return true;
  });
  if (!changed) {
    return data(submission.reply({ formErrors: ["results.admin.overrideClosed"] }), { status: 409 });
  }
  return redirect(`${back}#entry-${value.entryId}`);
}

export const clientAction = tallyWithProgress;

/** The organizer's tally: run it, read it per category, look at the flags, override a tier. */
export default function ResultsAdmin() {
  const loaded = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const location = useLocation();
  const t = useT();
  const tallying = useTallyProgress() !== null;
  const { edition, current, categories } = loaded;
  const category = categories.find((c) => c.id === current.categoryId);
  const formAction = `${location.pathname}${location.search}`;
  const query = (change: { category?: number; page?: number; flagged?: boolean }) => {
    const p = new URLSearchParams();
    p.set("category", String(change.category ?? current.categoryId ?? ""));
    if (change.flagged ?? current.flaggedOnly) p.set("flagged", "1");
    p.set("page", String(change.page ?? 1));
    return `?${p.toString()}`;
  };
  const settingsChanged =
    loaded.snapshot !== null &&
    JSON.stringify(loaded.snapshot.settings) !== JSON.stringify(loaded.settingsNow);
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}`}>← {edition.name}</Link>
      </p>
      <h1>{t("results.admin.title")}</h1>
      <FormErrors errors={lastResult?.error?.[""] ?? undefined} />
      <section className="card stack">
        {loaded.snapshot ? (
          <p>
            {t("results.admin.lastRun", {
              at: formatDateTime(loaded.snapshot.ranAt),
              by: loaded.snapshot.ranByName ?? "—",
              sheets: loaded.snapshot.sheetCount,
            })}
          </p>
        ) : (
          <p className="empty">{t("results.admin.notRun")}</p>
        )}
        {loaded.canChange ? (
          <Form method="post" action={formAction} className="stack">
            <p>
              <button
                type="submit"
                name="intent"
                value="tally"
                className="button primary"
                disabled={tallying}
              >
                {t("results.admin.runTally")}
              </button>
            </p>
            <TallyProgressBar />
          </Form>
        ) : (
          <p className="notice" role="status">
            {edition.phase === "published" || edition.phase === "archived" ? (
              <>
                {t("results.admin.afterPublication")}{" "}
                <Link to={`/admin/editions/${edition.id}/publication`}>
                  {t("results.admin.publicationLink")}
                </Link>
              </>
            ) : (
              t("results.admin.tallyNotYet")
            )}
          </p>
        )}
        {settingsChanged ? <p className="notice">{t("results.admin.settingsChanged")}</p> : null}
        <h2>{t("results.admin.method")}</h2>
        <MethodSummary settings={loaded.snapshot?.settings ?? loaded.settingsNow} />
        {loaded.snapshot ? (
          <p>
            <a href={`/admin/editions/${edition.id}/results.csv`}>{t("results.admin.exportCsv")}</a>
            {" · "}
            <a href={`/admin/editions/${edition.id}/results.xlsx`}>{t("results.admin.exportXlsx")}</a>
            {" · "}
            <a href={`/admin/editions/${edition.id}/sheets.csv`}>{t("results.admin.exportSheets")}</a>
          </p>
        ) : null}
      </section>

      {loaded.conflicted.length > 0 ? (
        <ConflictedSheets rows={loaded.conflicted} canChange={loaded.canChange} formAction={formAction} />
      ) : null}

      {categories.length > 0 ? (
        <nav className="subnav" aria-label={t("results.admin.categories")}>
          {categories.map((c) => {
            const n = loaded.snapshot ? loaded.counts?.find((x) => x.categoryId === c.id) : undefined;
            return (
              <Link
                key={c.id}
                to={query({ category: c.id })}
                aria-current={c.id === current.categoryId ? "page" : undefined}
              >
                {c.name}
                {n ? ` (${n.total} · ${t("results.admin.flaggedCount", { n: n.flagged })})` : ""}
              </Link>
            );
          })}
        </nav>
      ) : null}

      {category ? (
        <section className="stack">
          <h2>{category.name}</h2>
          <p>
            {t("results.admin.quotas")}
            {category.tiers.map((x) => `${x.name} ${x.quota}`).join(t("list.separator")) || "—"}
          </p>
          {loaded.snapshot ? (
            <>
              <p>
                {current.flaggedOnly ? (
                  <Link to={query({ flagged: false })}>{t("results.admin.showAll")}</Link>
                ) : (
                  <Link to={query({ flagged: true })}>{t("results.admin.onlyFlagged")}</Link>
                )}
              </p>
              {loaded.rows.length === 0 ? (
                <p className="empty">{t("results.admin.empty")}</p>
              ) : (
                <ResultsTable
                  rows={loaded.rows}
                  tiers={category.tiers}
                  names={loaded.names}
                  outliers={loaded.outliers}
                  normalise={loaded.snapshot.settings.normalise}
                  canChange={loaded.canChange}
                  formAction={formAction}
                  lastResult={lastResult}
                />
              )}
              <nav className="pager" aria-label={t("pager.label")}>
                {current.page > 1 ? (
                  <Link to={query({ page: current.page - 1 })}>{t("pager.previous")}</Link>
                ) : null}
                {loaded.hasMore ? (
                  <Link to={query({ page: current.page + 1 })}>{t("pager.next")}</Link>
                ) : null}
              </nav>
              <FlagLegend />
              {loaded.stats ? <Agreement stats={loaded.stats} names={loaded.names} /> : null}
              <ScoreDistribution {...loaded.distribution} />
            </>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

/** Sheets scored before a conflict of their judge with the entry's unit was recorded. */
function ConflictedSheets({
  rows,
  canChange,
  formAction,
}: {
  rows: ConflictedAssignment[];
  canChange: boolean;
  formAction: string;
}) {
  const t = useT();
  return (
    <section className="card stack" id="conflicted-sheets" aria-labelledby="conflicted-heading">
      <h2 id="conflicted-heading">{t("results.admin.conflictedTitle")}</h2>
      <p>{t("results.admin.conflictedHelp")}</p>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("entry.reference")}</th>
              <th scope="col">{t("entry.title")}</th>
              <th scope="col">{t("review.unit")}</th>
              <th scope="col">{t("progress.judge")}</th>
              <th scope="col">{t("conflict.kind")}</th>
              <th scope="col">{t("results.admin.conflictedDecision")}</th>
              {canChange ? (
                <th scope="col">
                  <span className="visually-hidden">{t("form.actions")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <code>{r.reference}</code>
                </td>
                <td>{r.title}</td>
                <td>{r.unitName}</td>
                <td>{r.judgeName}</td>
                <td>{r.kinds.map((k) => t(`conflict.kind.${k}`)).join(t("list.separator"))}</td>
                <td>{t(`results.admin.conflictedDecision.${r.conflictDecision ?? "none"}`)}</td>
                {canChange ? (
                  <td>
                    <Form method="post" action={formAction} className="row inline-form">
                      <input type="hidden" name="assignmentId" value={r.id} />
                      <button type="submit" name="intent" value="keepSheet" className="link-button">
                        {t("results.admin.conflictedKeep")}
                      </button>
                      <button type="submit" name="intent" value="voidSheet" className="link-button">
                        {t("results.admin.conflictedVoid")}
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
