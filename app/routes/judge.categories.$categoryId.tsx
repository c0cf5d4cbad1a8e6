import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireJudge } from "~/modules/auth/guards.server";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { judgeAssignmentsInCategory } from "~/modules/judging/sheets.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireJudge(request);
  const list = await judgeAssignmentsInCategory(user.id, intParam(params, "categoryId"));
  if (list.length === 0) throw new Response("Not Found", { status: 404 });
  return { list };
}

/** All of the judge's assignments in one category, with their own totals. */
export default function JudgeCategory() {
  const { list } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <p>
        <Link to="/judge">← {t("judging.queue")}</Link>
      </p>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("entry.reference")}</th>
              <th scope="col">{t("entry.title")}</th>
              <th scope="col">{t("entry.statusLabel")}</th>
              <th scope="col" className="num">
                {t("sheet.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id}>
                <td>
                  <code>{a.reference}</code>
                </td>
                <td>
                  <Link to={`/judge/assignments/${a.id}`}>{a.title}</Link>
                </td>
                <td>{t(`judging.state.${a.state}`)}</td>
                <td className="num">{a.total === null ? "—" : Number(a.total) / 2}</td>
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
