import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { editionHandle } from "~/components/edition-context";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { formatDateTime } from "~/modules/editions/time";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { editionCategories, listJudges, listOpenJudgeInvitations } from "~/modules/judging/judges.server";

/** The header shows this page's edition and phase (see edition-context.ts). */
export const handle = editionHandle;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const [categories, judges, invitations] = await Promise.all([
    editionCategories(edition.id),
    listJudges(edition.id),
    listOpenJudgeInvitations(edition.id),
  ]);
  return {
    edition: {
      id: edition.id,
      name: edition.name,
      phase: edition.phase,
      conflictSameRegion: edition.conflictSameRegion,
    },
    categories,
    judges,
    invitations,
  };
}

/** The edition's judges: who sits on which category panel, and how many conflicts each has. */
export default function EditionJudges() {
  const { edition, categories, judges, invitations } = useLoaderData<typeof loader>();
  const t = useT();
  const categoryName = (id: number) => categories.find((c) => c.id === id)?.name ?? "";
  return (
    <section className="stack">
      <header className="page-header">
        <p>
          <Link to={`/admin/editions/${edition.id}`}>← {edition.name}</Link>
        </p>
        <div className="row">
          <h1>{t("judge.admin.title")}</h1>
          <div className="row">
            <Link to={`/admin/editions/${edition.id}/judges/invite`} className="button">
              {t("judge.admin.invite")}
            </Link>
            <Link to={`/admin/editions/${edition.id}/judges/import`} className="button">
              {t("judge.admin.import")}
            </Link>
          </div>
        </div>
        <p className="muted">
          {t(edition.conflictSameRegion ? "conflict.sameRegionOn" : "conflict.sameRegionOff")}
        </p>
      </header>

      <section className="card">
        <h2>{t("judge.admin.panels")}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("judge.categories")}</th>
                <th scope="col" className="num">
                  {t("judge.admin.panelSize")}
                </th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name} <code>{c.code}</code>
                  </th>
                  <td className="num">{judges.filter((j) => j.categoryIds.includes(c.id)).length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {judges.length === 0 ? (
        <p className="empty">{t("judge.admin.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("judge.name")}</th>
                <th scope="col">{t("judge.title")}</th>
                <th scope="col">{t("judge.affiliation")}</th>
                <th scope="col">{t("judge.categories")}</th>
                <th scope="col" className="num">
                  {t("judge.admin.conflicts")}
                </th>
              </tr>
            </thead>
            <tbody>
              {judges.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link to={`/admin/editions/${edition.id}/judges/${j.id}`}>{j.name}</Link>
                    <br />
                    <span className="muted">{j.email}</span>
                  </td>
                  <td>{j.title || "—"}</td>
                  <td>
                    {j.affiliation || "—"}
                    {j.unitName ? <span className="muted"> · {t("judge.registeredUnit")}</span> : null}
                  </td>
                  <td>{j.categoryIds.map(categoryName).join(t("list.separator"))}</td>
                  <td className="num">{j.conflicts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {invitations.length > 0 ? (
        <section>
          <h2>{t("judge.admin.invitations")}</h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                {i.name ? `${i.name} · ` : ""}
                {i.email} · {t("unit.users.invitedUntil", { at: formatDateTime(i.expiresAt) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
