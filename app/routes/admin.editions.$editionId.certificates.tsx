import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { editionHandle } from "~/components/edition-context";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ProgressBar } from "~/components/ui/progress-bar";
import { UploadProgress, uploadWithProgress, useUploadProgress } from "~/components/ui/upload-progress";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { latestArchive, requestArchive } from "~/modules/certificates/archive.server";
import {
  CertificateStateError,
  editionCertificates,
  reissueCertificate,
  revokeCertificate,
} from "~/modules/certificates/certificates.server";
import { cstDate } from "~/modules/certificates/render.server";
import { CertificateActionSchema } from "~/modules/certificates/schema";
import { SealRefused, saveSeal } from "~/modules/certificates/seal-upload.server";
import { getEdition } from "~/modules/editions/editions.server";
import { formatDateTime } from "~/modules/editions/time";
import { uploadForm } from "~/modules/forms/body";
import { intParam, pageParam } from "~/modules/http";
import { translateMessage, translator } from "~/modules/i18n/i18n";
import { getLocale } from "~/modules/i18n/i18n.server";
import { useT } from "~/modules/i18n/use-t";
import { UploadError } from "~/modules/storage/upload.server";

export const handle = { ...editionHandle, ...uploadForm };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const page = pageParam(request);
  const [list, archive] = await Promise.all([
    editionCertificates(edition.id, page),
    latestArchive(edition.id),
  ]);
  return {
    edition: { id: edition.id, name: edition.name, phase: edition.phase },
    seal: edition.sealStorageKey ? "uploaded" : edition.isDemo ? "demo" : "none",
    page,
    total: list.total,
    revoked: list.revoked,
    certificates: list.rows.map((c) => ({
      id: c.id,
      number: c.number,
      code: c.code,
      unitName: c.unitName,
      award: `${c.categoryName} · ${c.tierName}`,
      subject: c.subject,
      issuedOn: cstDate(c.issuedAt),
      revokedOn: c.revokedAt ? cstDate(c.revokedAt) : null,
      revokeReason: c.revokeReason,
      replaced: c.replacedBy !== null,
    })),
    archive: archive
      ? {
          id: archive.id,
          status: archive.status,
          done: archive.done,
          total: archive.total,
          error: archive.error,
          finishedAt: archive.finishedAt ? formatDateTime(archive.finishedAt) : null,
        }
      : null,
  };
}

/** `error` is a message key, or (for upload refusals) the message already in the user's language. */
type ActionResult = { certificateId?: number; error?: string; saved?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const actor = { id: user.id, ip: clientIp(context) };
  const contentType = request.headers.get("Content-Type") ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    try {
      await saveSeal(actor, editionId, request);
    } catch (error) {
      if (error instanceof SealRefused) return data<ActionResult>({ error: error.problem }, { status: 400 });
      if (error instanceof UploadError) {
        const t = translator(await getLocale(request));
        return data<ActionResult>({ error: t(error.messageKey, error.params) }, { status: error.status });
      }
      throw error;
    }
    return data<ActionResult>({ saved: "certificate.sealSaved" });
  }
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "archive") {
    await requestArchive(actor, editionId);
    return redirect(`/admin/editions/${editionId}/certificates`);
  }
  if (intent !== "revoke" && intent !== "reissue") throw new Response("Bad Request", { status: 400 });
  const submission = parseWithZod(form, { schema: CertificateActionSchema });
  if (submission.status !== "success") {
    const raw = Number(form.get("certificateId"));
    const error = submission.error?.reason?.[0] ?? submission.error?.certificateId?.[0] ?? "form.invalid";
    return data<ActionResult>(
      { certificateId: Number.isSafeInteger(raw) ? raw : undefined, error },
      { status: 400 },
    );
  }
  const { certificateId } = submission.value;
  if (submission.value.intent === "revoke") {
    try {
      await revokeCertificate(actor, editionId, certificateId, submission.value.reason);
    } catch (error) {
      if (error instanceof CertificateStateError) throw new Response("Conflict", { status: 409 });
      throw error;
    }
    return redirect(`/admin/editions/${editionId}/certificates`);
  }
  try {
    await reissueCertificate(actor, editionId, certificateId);
  } catch (error) {
    if (error instanceof CertificateStateError) {
      return data<ActionResult>({ certificateId, error: "certificate.reissueRefused" }, { status: 409 });
    }
    throw error;
  }
  return redirect(`/admin/editions/${editionId}/certificates`);
}

export const clientAction = uploadWithProgress;

/** Certificates of an edition: seal, preview, the list with revoke/reissue, and the ZIP. */
export default function EditionCertificates() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const revalidator = useRevalidator();
  const uploading = useUploadProgress().status !== "idle";
  const building = d.archive?.status === "queued" || d.archive?.status === "running";
  // While the ZIP is being built, refresh its progress every two seconds.
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(() => revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [building, revalidator]);
  const pages = Math.max(1, Math.ceil(d.total / 100));
  return (
    <section className="stack">
      <header className="page-header">
        <p>
          <Link to={`/admin/editions/${d.edition.id}`}>{d.edition.name}</Link>
        </p>
        <h1>{t("certificate.listTitle")}</h1>
        <p className="muted">{t("certificate.adminLead")}</p>
      </header>

      <section className="card stack">
        <h2>{t("certificate.seal")}</h2>
        <p>
          {t("certificate.sealCurrent", {
            which: t(
              d.seal === "uploaded"
                ? "certificate.sealUploaded"
                : d.seal === "demo"
                  ? "certificate.sealDemo"
                  : "certificate.sealNone",
            ),
          })}{" "}
          · <a href={`/admin/editions/${d.edition.id}/certificates/preview`}>{t("certificate.preview")}</a>
        </p>
        <Form method="post" encType="multipart/form-data" className="stack">
          <div className="field">
            <label htmlFor="seal">{t("certificate.seal")}</label>
            <input
              id="seal"
              name="seal"
              type="file"
              accept="image/png"
              required
              aria-describedby="seal-help"
              aria-invalid={actionData?.error && !actionData.certificateId ? true : undefined}
            />
            <p id="seal-help" className="help">
              {t("certificate.sealHelp")}
            </p>
            {actionData?.error && !actionData.certificateId ? (
              <p className="field-error" role="alert">
                {translateMessage(t, actionData.error)}
              </p>
            ) : null}
            {actionData?.saved ? <p role="status">{t("certificate.sealSaved")}</p> : null}
          </div>
          <button type="submit" className="button" disabled={uploading}>
            {t("certificate.sealUpload")}
          </button>
          <UploadProgress />
        </Form>
      </section>

      {d.total === 0 ? (
        <p className="empty">{t("certificate.notIssued")}</p>
      ) : (
        <>
          <section className="card stack">
            <p>{t("certificate.countSummary", { total: d.total, revoked: d.revoked })}</p>
            {d.archive ? (
              <div role="status" aria-live="polite">
                {d.archive.status === "queued" ? <p>{t("certificate.archiveQueued")}</p> : null}
                {d.archive.status === "running" ? (
                  <ProgressBar
                    label={t("certificate.archive")}
                    value={d.archive.done}
                    max={d.archive.total}
                    valueText={t("certificate.archiveRunning", {
                      done: d.archive.done,
                      total: d.archive.total,
                    })}
                  />
                ) : null}
                {d.archive.status === "done" ? (
                  <p>
                    {t("certificate.archiveDone", {
                      total: d.archive.total,
                      time: d.archive.finishedAt ?? "",
                    })}{" "}
                    <a
                      className="button primary"
                      href={`/admin/editions/${d.edition.id}/certificates/archive/${d.archive.id}`}
                    >
                      {t("certificate.archiveDownload")}
                    </a>
                  </p>
                ) : null}
                {d.archive.status === "failed" ? (
                  <p className="field-error">
                    {t("certificate.archiveFailed", { error: d.archive.error ?? "" })}
                  </p>
                ) : null}
              </div>
            ) : null}
            {building ? null : (
              <Form method="post">
                <button type="submit" name="intent" value="archive" className="button">
                  {d.archive ? t("certificate.archiveRebuild") : t("certificate.archive")}
                </button>
              </Form>
            )}
          </section>

          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("certificate.number")}</th>
                  <th scope="col">{t("certificate.unit")}</th>
                  <th scope="col">{t("certificate.award")}</th>
                  <th scope="col">{t("certificate.entry")}</th>
                  <th scope="col">{t("certificate.issuedAt")}</th>
                  <th scope="col">{t("certificate.status")}</th>
                </tr>
              </thead>
              <tbody>
                {d.certificates.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/verify/${c.code}`}>{c.number}</Link>
                    </td>
                    <td>{c.unitName}</td>
                    <td>{c.award}</td>
                    <td>{c.subject}</td>
                    <td>{c.issuedOn}</td>
                    <td>
                      {c.revokedOn ? (
                        <div className="stack">
                          <span className="badge danger">
                            {t("certificate.statusRevoked")} {c.revokedOn}
                          </span>
                          <small>{c.revokeReason}</small>
                          {c.replaced ? null : (
                            <Form method="post">
                              <input type="hidden" name="certificateId" value={c.id} />
                              <button type="submit" name="intent" value="reissue" className="link-button">
                                {t("certificate.reissue")}
                              </button>
                              {actionData?.certificateId === c.id && actionData.error ? (
                                <p className="field-error" role="alert">
                                  {translateMessage(t, actionData.error)}
                                </p>
                              ) : null}
                            </Form>
                          )}
                        </div>
                      ) : (
                        <Form method="post" className="stack">
                          <span className="badge success">{t("certificate.statusValid")}</span>
                          <input type="hidden" name="certificateId" value={c.id} />
                          <label htmlFor={`reason-${c.id}`}>{t("certificate.revokeReason")}</label>
                          <input
                            id={`reason-${c.id}`}
                            name="reason"
                            maxLength={1000}
                            aria-invalid={
                              actionData?.certificateId === c.id && actionData.error ? true : undefined
                            }
                          />
                          {actionData?.certificateId === c.id && actionData.error ? (
                            <p className="field-error" role="alert">
                              {translateMessage(t, actionData.error)}
                            </p>
                          ) : null}
                          <button type="submit" name="intent" value="revoke" className="button danger">
                            {t("certificate.revoke")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <nav className="pager" aria-label="pages">
              {d.page > 1 ? <Link to={`?page=${d.page - 1}`}>‹</Link> : null}
              <span>
                {d.page} / {pages}
              </span>
              {d.page < pages ? <Link to={`?page=${d.page + 1}`}>›</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
