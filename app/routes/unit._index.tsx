import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EntryStatusBadge } from "~/components/entries/entry-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { UnitStatus } from "~/components/units/unit-status";
import { requireUnitUser } from "~/modules/auth/guards.server";
import { formatDateTime } from "~/modules/editions/time";
import { listUnitEntries, openCategories } from "~/modules/entries/entries.server";
import { useT } from "~/modules/i18n/use-t";
import { unitOfUser } from "~/modules/units/units.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUnitUser(request);
  const unit = await unitOfUser(user.id);
  // Only an approved unit has entries to show; the others see their registration's state.
  const approved = unit?.status === "approved";
  const [mine, open] = approved ? await Promise.all([listUnitEntries(unit.id), openCategories()]) : [[], []];
  const calls = [
    ...new Map(
      open.map((c) => [c.editionId, { id: c.editionId, name: c.editionName, closesAt: c.closesAt }]),
    ).values(),
  ];
  return { name: user.name, unit, entries: mine.slice(0, 10), calls };
}

/** The unit's home: its state, open calls with their deadlines, and its latest entries. */
export default function UnitUserHome() {
  const { name, unit, entries, calls } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{t("unit.home.title", { name })}</h1>
      <p>{t("unit.home.lead")}</p>
      <UnitStatus unit={unit} />
      {unit?.status === "approved" ? (
        <>
          <section className="card">
            <h2>{t("home.openCalls")}</h2>
            {calls.length === 0 ? <p className="empty">{t("entry.noOpenCalls")}</p> : null}
            <ul>
              {calls.map((c) => (
                <li key={c.id}>
                  {c.name} — {t("entry.deadline", { at: formatDateTime(c.closesAt) })}
                </li>
              ))}
            </ul>
            <Link to="/unit/entries" className="button primary">
              {t("entry.new")}
            </Link>
          </section>
          <section className="card">
            <h2>{t("entry.mine")}</h2>
            {entries.length === 0 ? <p className="empty">{t("entry.none")}</p> : null}
            <ul className="plain-list">
              {entries.map((e) => (
                <li key={e.id}>
                  <Link to={`/unit/entries/${e.id}`}>{e.title || t("entry.untitled")}</Link>{" "}
                  <EntryStatusBadge status={e.status} />{" "}
                  <span className="muted">
                    {e.categoryName}
                    {e.reference ? ` · ${e.reference}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
