import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useOutlet } from "@remix-run/react";
import type { Platform } from "#db/schema/editions";
import { editionHandle } from "~/components/edition-context";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PhaseBadge } from "~/components/phase-badge";
import { getPublicEdition } from "~/modules/editions/editions.server";
import { formatDateTime } from "~/modules/editions/time";
import { useT } from "~/modules/i18n/use-t";
import { publishedLists } from "~/modules/results/public.server";

/** The header names the edition and its phase here and on the sub-pages (notice, results). */
export const handle = editionHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.edition.name ?? "" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getPublicEdition(params.slug ?? "");
  if (!found) throw new Response("Not Found", { status: 404 });
  return { ...found, lists: await publishedLists(found.edition.id) };
}

/**
 * The edition's page, and the parent of its public sub-pages (/e/:slug/notice, /results, …): when
 * one of those matches, only that page is shown, in place of the edition's.
 */
export default function EditionPage() {
  const outlet = useOutlet();
  return outlet ?? <EditionOverview />;
}

function EditionOverview() {
  const { edition, categories, lists } = useLoaderData<typeof loader>();
  const t = useT();
  // A date not set yet is null, so an empty window shows one dash rather than "— — —".
  const when = (value: Date | string | null) => (value ? formatDateTime(value) : null);
  const timeline: [string, string | null, string | null][] = [
    [t("edition.statsWindow"), edition.statsFrom, edition.statsTo],
    [t("edition.submissionWindow"), when(edition.submissionOpensAt), when(edition.submissionClosesAt)],
    [t("edition.judgingWindow"), when(edition.judgingStartsAt), when(edition.judgingEndsAt)],
    [t("edition.noticeWindow"), when(edition.noticeStartsAt), when(edition.noticeEndsAt)],
    [t("edition.ceremonyAt"), when(edition.ceremonyAt), null],
  ];
  return (
    <article>
      <header className="page-header">
        <h1>
          {edition.name} <PhaseBadge phase={edition.phase} />
        </h1>
        <p className="muted">{edition.organizers.split("\n").join(" · ")}</p>
        {edition.isDemo ? <p className="demo-note">{t("demo.note")}</p> : null}
      </header>
      {edition.description ? <p className="lead">{edition.description}</p> : null}
      {lists.notice || lists.final ? (
        <nav className="row" aria-label={t("results.public.listsLabel")}>
          {lists.final ? (
            <Link className="button primary" to={`/e/${edition.slug}/results`}>
              {t("results.public.linkResults")}
            </Link>
          ) : null}
          {lists.notice ? (
            <Link className="button" to={`/e/${edition.slug}/notice`}>
              {t("results.public.linkNotice")}
            </Link>
          ) : null}
        </nav>
      ) : null}

      <section>
        <h2>{t("edition.timeline")}</h2>
        <dl className="timeline">
          {timeline.map(([label, from, to]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{to ? `${from ?? "—"} — ${to}` : (from ?? "—")}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section>
        <h2>{t("edition.categories")}</h2>
        {categories.length === 0 ? <p className="empty">{t("edition.noCategories")}</p> : null}
        {categories.map((c) => (
          <section key={c.id} className="card category-card">
            <h3>
              {c.name} <span className="muted">({t(`category.kind.${c.kind}`)})</span>
            </h3>
            {c.description ? <p>{c.description}</p> : null}
            <p className="muted">
              {t("category.platforms")}:{" "}
              {c.platforms.map((p) => t(`platform.${p as Platform}`)).join(t("list.separator"))}
            </p>
            <p>
              {t("category.tiers")}:{" "}
              {c.tiers
                .map((tier) => t("category.tierQuota", { name: tier.name, quota: tier.quota }))
                .join(t("list.groupSeparator"))}
            </p>
            <div className="table-scroll">
              <table className="table">
                <caption>{t("category.rubric")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("category.criterion")}</th>
                    <th scope="col">{t("category.descriptor")}</th>
                    <th scope="col" className="num">
                      {t("category.maxPoints")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.criteria.map((r) => (
                    <tr key={r.id}>
                      <td>{r.name}</td>
                      <td>{r.descriptor}</td>
                      <td className="num">{r.maxPoints}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
