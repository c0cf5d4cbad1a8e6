import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { Phase } from "#db/schema/editions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PhaseBadge } from "~/components/phase-badge";
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
      {queue.length === 0 ? <p>{t("judge.home.lead")}</p> : null}
      {queue.length > 0 ? (
        <table className="table">
          <caption>{t("judging.queue")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("entry.category")}</th>
              <th scope="col" className="num">
                {t("judging.open")}
              </th>
              <th scope="col" className="num">
                {t("judging.submitted")}
              </th>
              <th scope="col" className="num">
                {t("judging.recused")}
              </th>
              <th scope="col">{t("judging.next")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((line) => (
              <tr key={`${line.editionId}:${line.categoryId}`}>
                <th scope="row">
                  {line.categoryName}
                  <div className="muted">
                    {line.editionName} <PhaseBadge phase={line.phase as Phase} />
                    {line.judgingEndsAt
                      ? ` · ${t("judging.endsAt", { at: formatDateTime(line.judgingEndsAt) })}`
                      : ""}
                  </div>
                </th>
                <td className="num">{line.open}</td>
                <td className="num">{line.submitted}</td>
                <td className="num">{line.recused}</td>
                <td>
                  {line.next ? (
                    <Link to={`/judge/assignments/${line.next}`} className="button primary">
                      {t("judging.scoreNext")}
                    </Link>
                  ) : (
                    <span className="muted">{t("judging.allDone")}</span>
                  )}{" "}
                  <Link to={`/judge/categories/${line.categoryId}`}>{t("judging.all")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Link to="/judge/conflicts">{t("conflict.judgeLink")}</Link>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
