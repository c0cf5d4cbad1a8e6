import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PublicAwards } from "~/components/results/public-awards";
import { formatDateTime } from "~/modules/editions/time";
import { pageParam } from "~/modules/http";
import { metaT, useT } from "~/modules/i18n/use-t";
import { downloadName, groupAwards, resultsView } from "~/modules/results/public.server";
import printStyles from "~/styles/results-print.css";

/*
 * /e/:slug/results — the latest final list (公布), searchable (?q= filters by unit or entry title on
 * the server) and printable. 404 until the final list is published, for organizers too: they
 * preview the list on their results page before publishing it.
 */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("results.public.title", { edition: data.edition.name }) : "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const view = await resultsView(params.slug ?? "", q, pageParam(request));
  return {
    edition: { name: view.edition.name, slug: view.edition.slug, organizers: view.edition.organizers },
    publication: {
      version: view.publication.version,
      publishedAt: view.publication.publishedAt,
      sha256: view.publication.sha256,
    },
    csvName: downloadName(view.edition.slug, view.publication.version, "csv"),
    groups: groupAwards(view.awards),
    shown: view.total,
    page: view.page,
    pages: view.pages,
    query: view.query,
    corrections: view.corrections,
  };
}

export default function ResultsPage() {
  const { edition, publication, csvName, groups, shown, query, corrections, page, pages } =
    useLoaderData<typeof loader>();
  const pageLink = (p: number) =>
    `?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(p) })}`;
  const t = useT();
  return (
    <article className="stack public-list">
      <p className="no-print">
        <Link to={`/e/${edition.slug}`}>← {edition.name}</Link>
      </p>
      <header className="page-header">
        <h1>{t("results.public.title", { edition: edition.name })}</h1>
        <p className="muted">{edition.organizers.split("\n").join(" · ")}</p>
        <p className="muted">
          {t("results.public.publishedVersion", {
            version: publication.version,
            at: formatDateTime(publication.publishedAt),
          })}
        </p>
      </header>

      <section className="row no-print">
        <Form method="get" className="row filters" role="search">
          <label htmlFor="results-q">{t("results.public.search")}</label>
          <input id="results-q" type="search" name="q" defaultValue={query} maxLength={100} />
          <button type="submit" className="button">
            {t("results.public.searchSubmit")}
          </button>
          {query ? <Link to=".">{t("results.public.searchClear")}</Link> : null}
        </Form>
        <a className="button" href={`/e/${edition.slug}/results.csv`} download={csvName}>
          {t("results.public.downloadCsv")}
        </a>
        <a className="button" href={`/e/${edition.slug}/results.xlsx`}>
          {t("results.public.downloadXlsx")}
        </a>
      </section>
      {query ? (
        <p className="muted" aria-live="polite">
          {t("results.public.searchShown", { count: shown, q: query })}
        </p>
      ) : null}

      <PublicAwards groups={groups} showPlatform={true} />
      {pages > 1 ? (
        <nav className="pager no-print" aria-label={t("pager.label")}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t("pager.previous")}</Link> : null}
          <span>
            {page} / {pages}
          </span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t("pager.next")}</Link> : null}
        </nav>
      ) : null}

      <section className="card stack seal-card">
        <h2>{t("results.public.sealHeading")}</h2>
        <p>
          {t("results.public.sealOf")} <code className="seal">{publication.sha256}</code>
        </p>
        <p className="muted">{t("results.public.sealHow")}</p>
        <pre className="no-print">
          <code>sha256sum results.csv</code>
        </pre>
      </section>

      {corrections.length > 0 ? (
        <section className="card stack">
          <h2>{t("results.public.corrections")}</h2>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("results.public.versionLabel")}
                  </th>
                  <th scope="col">{t("results.public.publishedAt")}</th>
                  <th scope="col">{t("results.public.correctionReason")}</th>
                </tr>
              </thead>
              <tbody>
                {corrections.map((c) => (
                  <tr key={c.version}>
                    <td className="num">{c.version}</td>
                    <td>{formatDateTime(c.publishedAt)}</td>
                    <td className="pre">{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
