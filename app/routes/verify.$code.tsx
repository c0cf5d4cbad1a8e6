import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { clientIp } from "~/load-context";
import { cstDate } from "~/modules/certificates/render.server";
import { lookupCertificate } from "~/modules/certificates/verify.server";
import { translator } from "~/modules/i18n/i18n";

export const meta: MetaFunction = () => [
  { title: "证书验证 · Certificate verification" },
  { name: "robots", content: "noindex" },
];

/**
 * The public check of a certificate, in Chinese and English whatever the visitor's language (the
 * QR code on a certificate is scanned by anyone). Unknown codes answer 404 and count toward the
 * address's throttle; a throttled address gets 429.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await lookupCertificate(params.code ?? "", clientIp(context));
  void request;
  if (found.kind === "throttled") {
    return data({ state: "throttled" as const, minutes: found.retryAfterMinutes }, { status: 429 });
  }
  if (found.kind === "unknown") return data({ state: "unknown" as const }, { status: 404 });
  const c = found.certificate;
  return {
    state: c.revokedAt ? ("revoked" as const) : ("valid" as const),
    certificate: {
      number: c.number,
      code: c.code,
      categoryName: c.categoryName,
      tierName: c.tierName,
      unitName: c.unitName,
      subject: c.subject,
      subjectKind: c.subjectKind,
      issuedOn: cstDate(c.issuedAt),
      revokedOn: c.revokedAt ? cstDate(c.revokedAt) : null,
      revokeReason: c.revokeReason,
    },
    edition: { name: found.edition.name, slug: found.edition.slug, organizers: found.edition.organizers },
    replacement: found.replacement,
  };
}

const zh = translator("zh-CN");
const en = translator("en");

function Both({ k, params }: { k: Parameters<typeof zh>[0]; params?: Record<string, string | number> }) {
  return (
    <>
      <span lang="zh-CN">{zh(k, params)}</span>
      <br />
      <span lang="en" className="muted">
        {en(k, params)}
      </span>
    </>
  );
}

export default function VerifyCertificate() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="stack verify-page">
      <header className="page-header">
        <h1>
          <Both k="certificate.verifyTitle" />
        </h1>
      </header>
      {d.state === "throttled" ? (
        <p className="notice error" role="alert">
          <Both k="certificate.throttled" params={{ minutes: d.minutes }} />
        </p>
      ) : d.state === "unknown" ? (
        <p className="notice error" role="alert">
          <Both k="certificate.unknown" />
        </p>
      ) : (
        <>
          <p className={d.state === "valid" ? "notice success" : "notice error"} role="status">
            {d.state === "valid" ? (
              <Both k="certificate.valid" />
            ) : (
              <Both k="certificate.revoked" params={{ date: d.certificate.revokedOn ?? "" }} />
            )}
          </p>
          {d.state === "revoked" && d.certificate.revokeReason ? (
            <p>
              <Both k="certificate.revokedReason" params={{ reason: d.certificate.revokeReason }} />
            </p>
          ) : null}
          {d.replacement ? (
            <p>
              <Both k="certificate.replaced" />{" "}
              <Link to={`/verify/${d.replacement.code}`}>{d.replacement.number}</Link>
            </p>
          ) : null}
          <dl className="details">
            <dt>
              <Both k="certificate.number" />
            </dt>
            <dd>{d.certificate.number}</dd>
            <dt>
              <Both k="certificate.edition" />
            </dt>
            <dd>
              <Link to={`/e/${d.edition.slug}`}>{d.edition.name}</Link>
            </dd>
            <dt>
              <Both k="certificate.award" />
            </dt>
            <dd>
              {d.certificate.categoryName} · {d.certificate.tierName}
            </dd>
            <dt>
              <Both k="certificate.unit" />
            </dt>
            <dd>{d.certificate.unitName}</dd>
            <dt>
              <Both
                k={d.certificate.subjectKind === "account" ? "certificate.account" : "certificate.entry"}
              />
            </dt>
            <dd>{d.certificate.subject}</dd>
            <dt>
              <Both k="certificate.issuedAt" />
            </dt>
            <dd>{d.certificate.issuedOn}</dd>
            <dt>
              <Both k="certificate.organizers" />
            </dt>
            <dd>{d.edition.organizers.split("\n").join(" · ")}</dd>
          </dl>
          {d.state === "valid" ? (
            <p>
              <a href={`/certificates/${d.certificate.code}.pdf`}>
                <Both k="certificate.download" />
              </a>
            </p>
          ) : null}
        </>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
