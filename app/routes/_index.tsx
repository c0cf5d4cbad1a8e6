import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PhaseBadge } from "~/components/phase-badge";
import { listPublicEditions } from "~/modules/editions/editions.server";
import { formatDateTime } from "~/modules/editions/time";
import { useT } from "~/modules/i18n/use-t";

export async function loader() {
  return { editions: await listPublicEditions() };
}

export default function HomePage() {
  const { editions } = useLoaderData<typeof loader>();
  const t = useT();
  const open = editions.filter((e) => e.phase === "open");
  const others = editions.filter((e) => e.phase !== "open");
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.lead")}</p>
      </section>
      <section>
        <h2>{t("home.openCalls")}</h2>
        {open.length === 0 ? <p className="empty">{t("home.noOpenCalls")}</p> : null}
        <ul className="card-list">
          {open.map((e) => (
            <li key={e.id} className="card">
              <h3>
                <Link to={`/e/${e.slug}`}>{e.name}</Link> <PhaseBadge phase={e.phase} />
              </h3>
              <p className="muted">{e.organizers.split("\n").join(" · ")}</p>
              <p>{t("home.closesAt", { at: formatDateTime(e.submissionClosesAt) })}</p>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t("home.editions")}</h2>
        {others.length === 0 ? <p className="empty">{t("home.noEditions")}</p> : null}
        <ul className="card-list">
          {others.map((e) => (
            <li key={e.id} className="card">
              <h3>
                <Link to={`/e/${e.slug}`}>{e.name}</Link> <PhaseBadge phase={e.phase} />
              </h3>
              <p className="muted">{e.organizers.split("\n").join(" · ")}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
