import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PhaseBadge } from "~/components/phase-badge";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { listEditions } from "~/modules/editions/editions.server";
import { useT } from "~/modules/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  return { editions: await listEditions() };
}

export default function AdminEditions() {
  const { editions } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section>
      <header className="page-header row">
        <h1>{t("admin.editions")}</h1>
        <Link to="/admin/editions/new" className="button primary">
          {t("admin.newEdition")}
        </Link>
      </header>
      {editions.length === 0 ? (
        <p className="empty">{t("admin.noEditions")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("edition.name")}</th>
                <th scope="col">{t("edition.year")}</th>
                <th scope="col">{t("edition.phase")}</th>
                <th scope="col">{t("edition.slug")}</th>
              </tr>
            </thead>
            <tbody>
              {editions.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/admin/editions/${e.id}`}>{e.name}</Link>
                  </td>
                  <td>{e.year}</td>
                  <td>
                    <PhaseBadge phase={e.phase} />
                  </td>
                  <td>
                    <code>/e/{e.slug}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
