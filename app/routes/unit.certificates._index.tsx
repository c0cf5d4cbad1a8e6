import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { unitCertificates } from "~/modules/certificates/certificates.server";
import { cstDate } from "~/modules/certificates/render.server";
import { useT } from "~/modules/i18n/use-t";
import { requireApprovedUnit } from "~/modules/units/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { unitId, unitName } = await requireApprovedUnit(request);
  const rows = await unitCertificates(unitId);
  return {
    unitName,
    certificates: rows.map((c) => ({
      ...c,
      issuedOn: cstDate(c.issuedAt),
      revokedOn: c.revokedAt ? cstDate(c.revokedAt) : null,
    })),
  };
}

/** The unit's certificates, each downloadable and with its public verify page. */
export default function UnitCertificates() {
  const { unitName, certificates } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <header className="page-header">
        <p>
          <Link to="/unit">{t("unit.backHome")}</Link>
        </p>
        <h1>{t("certificate.listTitle")}</h1>
        <p className="muted">{t("certificate.unitLead", { unitName })}</p>
      </header>
      {certificates.length === 0 ? (
        <p className="empty">{t("certificate.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("certificate.number")}</th>
                <th scope="col">{t("certificate.edition")}</th>
                <th scope="col">{t("certificate.award")}</th>
                <th scope="col">{t("certificate.entry")}</th>
                <th scope="col">{t("certificate.issuedAt")}</th>
                <th scope="col">{t("certificate.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("certificate.download")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.id}>
                  <td>{c.number}</td>
                  <td>{c.editionName}</td>
                  <td>
                    {c.categoryName} · {c.tierName}
                  </td>
                  <td>{c.subject}</td>
                  <td>{c.issuedOn}</td>
                  <td>
                    {c.revokedOn ? (
                      <span className="badge danger" title={c.revokeReason ?? ""}>
                        {t("certificate.statusRevoked")} {c.revokedOn}
                      </span>
                    ) : (
                      <span className="badge success">{t("certificate.statusValid")}</span>
                    )}
                  </td>
                  <td>
                    {c.revokedOn ? null : (
                      <>
                        <a href={`/unit/certificates/${c.id}.pdf`}>{t("certificate.download")}</a> ·{" "}
                        <Link to={`/verify/${c.code}`}>{t("certificate.verifyLink")}</Link>
                      </>
                    )}
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
