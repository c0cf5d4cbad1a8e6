import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { progressByCategory, progressByJudge, sendReminders } from "~/modules/judging/progress.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const [byCategory, byJudge] = await Promise.all([
    progressByCategory(edition.id),
    progressByJudge(edition.id),
  ]);
  return { edition: { id: edition.id, name: edition.name }, byCategory, byJudge };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const n = await sendReminders({ userId: user.id, ip: clientIp(context) }, editionId);
  return redirect(`/admin/editions/${editionId}/progress?reminded=${n}`);
}

type Counts = { assigned: number; drafted: number; submitted: number; recused: number };
const COLUMNS = ["assigned", "drafted", "submitted", "recused"] as const;

/** Judging progress per category and per judge, and one reminder mail per judge with open work. */
export default function JudgingProgress() {
  const { edition, byCategory, byJudge } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const cells = (row: Counts) =>
    COLUMNS.map((c) => (
      <td key={c} className="num">
        {Number(row[c])}
      </td>
    ));
  const head = COLUMNS.map((c) => (
    <th key={c} scope="col" className="num">
      {t(`progress.${c}`)}
    </th>
  ));
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}`}>← {edition.name}</Link>
      </p>
      <h1>{t("progress.title")}</h1>
      {params.get("reminded") ? (
        <p className="notice ok" role="status">
          {t("progress.reminded", { n: params.get("reminded") ?? "0" })}
        </p>
      ) : null}
      {byCategory.length === 0 ? <p className="empty">{t("progress.empty")}</p> : null}
      <Form method="post">
        <button type="submit" className="button">
          {t("progress.remind")}
        </button>
      </Form>
      <table className="table">
        <caption>{t("progress.byCategory")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("entry.category")}</th>
            {head}
          </tr>
        </thead>
        <tbody>
          {byCategory.map((row) => (
            <tr key={row.categoryId}>
              <th scope="row">{row.categoryName}</th>
              {cells(row)}
            </tr>
          ))}
        </tbody>
      </table>
      <table className="table">
        <caption>{t("progress.byJudge")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("progress.judge")}</th>
            {head}
          </tr>
        </thead>
        <tbody>
          {byJudge.map((row) => (
            <tr key={row.judgeId}>
              <th scope="row">
                {row.name} <span className="muted">{row.email}</span>
              </th>
              {cells(row)}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
