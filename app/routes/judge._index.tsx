import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { Phase } from "#db/schema/editions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PhaseBadge } from "~/components/phase-badge";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ProgressBar, percent } from "~/components/ui/progress-bar";
import { requireJudge } from "~/modules/auth/guards.server";
import { formatDateTime } from "~/modules/editions/time";
import { useT } from "~/modules/i18n/use-t";
import { judgeQueue } from "~/modules/judging/sheets.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireJudge(request);
  return { name: user.name, queue: await judgeQueue(user.id) };
}

/** The judge's queue: per category, what is done and open, and the next entry to score. */
export default function JudgeHome() {
  const { name, queue } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{t("judge.home.title", { name })}</h1>
      {queue.length === 0 ? (
        <EmptyState title={t("judge.home.lead")} />
      ) : (
        <section className="stack">
          <h2>{t("judging.queue")}</h2>
          {/* One card per category: they stack on a phone where a wide table would not fit. */}
          <ul className="card-list">
            {queue.map((line) => {
              const total = line.open + line.submitted + line.recused;
              const done = line.submitted + line.recused;
              return (
                <li key={`${line.editionId}:${line.categoryId}`} className="card queue-card">
                  <div className="row">
                    <h3 className="queue-title">{line.categoryName}</h3>
                    <PhaseBadge phase={line.phase as Phase} />
                  </div>
                  <p className="muted queue-meta">
                    {line.editionName}
                    {line.judgingEndsAt
                      ? ` · ${t("judging.endsAt", { at: formatDateTime(line.judgingEndsAt) })}`
                      : ""}
                  </p>
                  <ProgressBar
                    label={t("judging.submitted")}
                    value={done}
                    max={total}
                    valueText={t("progressBar.value", {
                      value: done,
                      max: total,
                      percent: percent(done, total),
                    })}
                  />
                  <dl className="queue-counts">
                    <div>
                      <dt>{t("judging.open")}</dt>
                      <dd>{line.open}</dd>
                    </div>
                    <div>
                      <dt>{t("judging.submitted")}</dt>
                      <dd>{line.submitted}</dd>
                    </div>
                    <div>
                      <dt>{t("judging.recused")}</dt>
                      <dd>{line.recused}</dd>
                    </div>
                  </dl>
                  <div className="row queue-actions">
                    {line.next ? (
                      <ButtonLink to={`/judge/assignments/${line.next}`} variant="primary">
                        {t("judging.scoreNext")}
                      </ButtonLink>
                    ) : (
                      <span className="muted">{t("judging.allDone")}</span>
                    )}
                    <Link to={`/judge/categories/${line.categoryId}`}>{t("judging.all")}</Link>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <p>
        <Link to="/judge/conflicts">{t("conflict.judgeLink")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
