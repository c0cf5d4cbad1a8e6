import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import type { Platform } from "#db/schema/editions";
import { ATTACHMENT_KINDS } from "#db/schema/entries";
import { EntryForm } from "~/components/entries/entry-form";
import { EntryStatusBadge } from "~/components/entries/entry-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldErrors } from "~/components/field";
import { UploadProgress, uploadWithProgress, useUploadProgress } from "~/components/ui/upload-progress";
import { env } from "~/env.server";
import { clientIp } from "~/load-context";
import { formatDateTime } from "~/modules/editions/time";
import {
  addAttachments,
  attachmentRoom,
  deleteDraft,
  EntryConflictError,
  EntryIncompleteError,
  EntryLimitError,
  EntryLockedError,
  entryFullError,
  getUnitEntry,
  quotaError,
  removeAttachment,
  saveEntry,
  type UnitActor,
  withdrawEntry,
} from "~/modules/entries/entries.server";
import { unitMayEdit } from "~/modules/entries/rules";
import { EntryDraftSchema } from "~/modules/entries/schema";
import { uploadForm } from "~/modules/forms/body";
import { formId, intParam } from "~/modules/http";
import { messageWithParams, translateMessage, translator } from "~/modules/i18n/i18n";
import { getLocale } from "~/modules/i18n/i18n.server";
import { useT } from "~/modules/i18n/use-t";
import {
  parseUploadForm,
  UploadError,
  type UploadForm,
  uploadErrorMessage,
} from "~/modules/storage/upload.server";
import { requireApprovedUnit } from "~/modules/units/guards.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unitId } = await requireApprovedUnit(request);
  const found = await getUnitEntry(unitId, intParam(params, "entryId"));
  const may = unitMayEdit(found.entry, found.edition, new Date());
  return {
    entry: found.entry,
    category: found.category,
    edition: {
      name: found.edition.name,
      statsFrom: found.edition.statsFrom,
      statsTo: found.edition.statsTo,
      submissionClosesAt: found.edition.submissionClosesAt,
    },
    attachments: found.attachments.map((a) => ({
      id: a.id,
      kind: a.kind,
      originalName: a.originalName,
      size: a.size,
    })),
    accounts: found.accounts.map((a) => ({ id: a.id, name: a.name, platform: a.platform })),
    editable: may.ok,
    maxUploadBytes: env().maxUploadBytes,
    lockedReason: may.ok ? null : may.reason,
  };
}

export const handle = uploadForm;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, unitId } = await requireApprovedUnit(request);
  const entryId = intParam(params, "entryId");
  const actor = { userId: user.id, unitId, ip: clientIp(context) };
  // Another unit's entry is 404 before the form is read, whatever it holds.
  const found = await getUnitEntry(unitId, entryId);

  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return uploadAttachments(request, actor, found);
  }

  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "withdraw" || intent === "delete" || intent === "removeAttachment") {
    // Hidden inputs: a tampered value is refused here instead of failing in the database.
    const version = formId(formData, "version");
    const attachmentId = formId(formData, "attachmentId");
    const invalid = data({ status: "error" as const, error: { "": ["form.invalid"] } }, { status: 400 });
    try {
      if (intent === "withdraw") {
        if (version === null) return invalid;
        await withdrawEntry(actor, entryId, version);
      }
      if (intent === "delete") {
        await deleteDraft(actor, entryId);
        return redirect("/unit/entries");
      }
      if (intent === "removeAttachment") {
        if (attachmentId === null) return invalid;
        await removeAttachment(actor, entryId, attachmentId);
      }
      return redirect(`/unit/entries/${entryId}`);
    } catch (error) {
      if (error instanceof EntryLockedError) {
        return data({ status: "error" as const, error: { "": [error.reason] } }, { status: 409 });
      }
      if (error instanceof EntryConflictError) {
        return data({ status: "error" as const, error: { "": ["entry.conflict"] } }, { status: 409 });
      }
      throw error;
    }
  }

  const submission = parseWithZod(formData, { schema: EntryDraftSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const result = await saveEntry(actor, entryId, submission.value);
    return redirect(`/unit/entries/${entryId}?${result.submitted ? "submitted" : "saved"}=1`);
  } catch (error) {
    if (error instanceof EntryIncompleteError) {
      return data(submission.reply({ fieldErrors: error.fieldErrors, formErrors: ["entry.incomplete"] }), {
        status: 400,
      });
    }
    if (error instanceof EntryConflictError) {
      return data(submission.reply({ formErrors: ["entry.conflict"] }), { status: 409 });
    }
    if (error instanceof EntryLimitError) {
      return data(
        submission.reply({ formErrors: [messageWithParams("entry.overLimit", { limit: error.limit })] }),
        {
          status: 409,
        },
      );
    }
    if (error instanceof EntryLockedError) {
      return data(submission.reply({ formErrors: [error.reason] }), { status: 409 });
    }
    throw error;
  }
}

/**
 * Streams the uploaded files into storage, then records them. Who may upload is checked before
 * the body is read, so a stranger's upload never reaches storage.
 */
async function uploadAttachments(
  request: Request,
  actor: UnitActor,
  found: Awaited<ReturnType<typeof getUnitEntry>>,
) {
  const entryId = found.entry.id;
  const may = unitMayEdit(found.entry, found.edition, new Date());
  if (!may.ok) return data({ status: "error" as const, error: { "": [may.reason] } }, { status: 409 });
  const refused = async (error: UploadError) =>
    data(
      {
        status: "error" as const,
        error: { file: [uploadErrorMessage(translator(await getLocale(request)), error) ?? "upload.failed"] },
      },
      { status: error.status },
    );
  // The entry's and the unit's room bound this request, so an upload past them stops early.
  const room = await attachmentRoom(actor, found.entry);
  if (room.files <= 0) return refused(entryFullError(room.usedFiles));
  if (room.bytes <= 0) return refused(quotaError(room.usedBytes));
  let upload: UploadForm;
  try {
    upload = await parseUploadForm(request, {
      fileFields: ["file"],
      allowedKinds: ATTACHMENT_KINDS,
      maxFiles: Math.min(10, room.files),
      maxTotalBytes: Math.min(env().maxUploadBytes, room.bytes),
      tooManyFiles: room.files < 10 ? () => entryFullError(room.usedFiles) : undefined,
      totalTooLarge: () => quotaError(room.usedBytes),
    });
  } catch (error) {
    if (error instanceof UploadError) return refused(error);
    throw error;
  }
  if (upload.files.length === 0) {
    return data({ status: "error" as const, error: { file: ["upload.noFile"] } }, { status: 400 });
  }
  try {
    await addAttachments(actor, entryId, upload.files);
  } catch (error) {
    await upload.discard();
    if (error instanceof UploadError) return refused(error);
    if (error instanceof EntryLockedError) {
      return data({ status: "error" as const, error: { "": [error.reason] } }, { status: 409 });
    }
    throw error;
  }
  return redirect(`/unit/entries/${entryId}?uploaded=${upload.files.length}`);
}

export const clientAction = uploadWithProgress;

function fileSize(size: number) {
  return size < 1024 * 1024
    ? `${Math.max(1, Math.round(size / 1024))} KB`
    : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export default function UnitEntry() {
  const { entry, category, edition, attachments, accounts, editable, lockedReason, maxUploadBytes } =
    useLoaderData<typeof loader>();
  const [tooBig, setTooBig] = useState<string | null>(null);
  const uploading = useUploadProgress().status !== "idle";
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const metric = (v: number | null) => (v === null ? undefined : String(v));
  const actionErrors = (lastResult?.error ?? {}) as Record<string, string[] | null | undefined>;
  const uploadErrors = actionErrors.file ?? undefined;
  return (
    <section className="stack">
      <p>
        <Link to="/unit/entries">← {t("entry.mine")}</Link>
      </p>
      <header className="page-header">
        <h1>
          {entry.title || t("entry.untitled")} <EntryStatusBadge status={entry.status} />
        </h1>
        <p className="muted">
          {edition.name} · {category.name}
          {entry.reference ? (
            <>
              {" · "}
              <code>{entry.reference}</code>
            </>
          ) : null}
        </p>
      </header>
      {params.get("submitted") ? (
        <p className="notice ok" role="status">
          {t("entry.submittedNotice", { reference: entry.reference ?? "" })}
        </p>
      ) : null}
      {params.get("uploaded") ? (
        <p className="notice ok" role="status">
          {t("entry.uploadedNotice", { n: params.get("uploaded") ?? "" })}
        </p>
      ) : null}
      {params.get("saved") ? (
        <p className="notice ok" role="status">
          {t("entry.savedNotice")}
        </p>
      ) : null}
      {entry.status === "returned" ? (
        <div className="notice" role="note">
          <p>{t("entry.returnedNotice", { at: formatDateTime(entry.revisionDeadline) })}</p>
          <p className="pre">{entry.reviewReason}</p>
        </div>
      ) : null}
      {entry.status === "rejected" ? (
        <div className="notice" role="note">
          <p>{t("entry.rejectedNotice")}</p>
          <p className="pre">{entry.reviewReason}</p>
        </div>
      ) : null}
      {lockedReason ? <p className="notice">{translateMessage(t, lockedReason)}</p> : null}
      <p className="muted">{t("entry.deadline", { at: formatDateTime(edition.submissionClosesAt) })}</p>

      <EntryForm
        key={entry.version}
        lastResult={lastResult}
        disabled={!editable}
        kind={category.kind}
        submitted={entry.status !== "draft"}
        requiresVideo={category.requiresVideo}
        summaryMaxLength={category.summaryMaxLength}
        platforms={category.platforms as Platform[]}
        accounts={accounts}
        statsWindow={`${edition.statsFrom ?? "…"} — ${edition.statsTo ?? "…"}`}
        defaultValue={{
          version: String(entry.version),
          title: entry.title,
          accountId: entry.accountId ? String(entry.accountId) : undefined,
          platform: entry.platform ?? undefined,
          link: entry.link,
          publishDate: entry.publishDate ?? undefined,
          summary: entry.summary,
          videoLink: entry.videoLink,
          reads: metric(entry.reads),
          plays: metric(entry.plays),
          likes: metric(entry.likes),
          shares: metric(entry.shares),
          comments: metric(entry.comments),
        }}
      />

      <section className="card">
        <h2>{t("entry.attachments")}</h2>
        {attachments.length === 0 ? <p className="empty">{t("entry.noAttachments")}</p> : null}
        <ul className="attachment-list">
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={`/files/${a.id}`}>{a.originalName}</a>{" "}
              <span className="muted">
                {t(`attachment.kind.${a.kind}`)} · {fileSize(a.size)}
              </span>
              {editable ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removeAttachment" />
                  <input type="hidden" name="attachmentId" value={a.id} />
                  <button type="submit" className="link-button">
                    {t("form.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {editable ? (
          <Form
            method="post"
            action={`/unit/entries/${entry.id}`}
            encType="multipart/form-data"
            className="row"
          >
            <label htmlFor="file">{t("entry.addFiles")}</label>
            <input
              id="file"
              type="file"
              name="file"
              multiple
              accept=".jpg,.jpeg,.png,.webp,.pdf,.mp4"
              aria-describedby="file-error"
              onChange={(e) => {
                // Checked here too, so a too-large video is refused before it is sent at all.
                const big = [...(e.currentTarget.files ?? [])].find((f) => f.size > maxUploadBytes);
                setTooBig(big ? t("upload.tooLarge", { max: fileSize(maxUploadBytes) }) : null);
              }}
            />
            <button type="submit" className="button" disabled={tooBig !== null || uploading}>
              {t("entry.upload")}
            </button>
            <FieldErrors id="file-error" errors={tooBig ? [tooBig] : uploadErrors} />
          </Form>
        ) : null}
        {editable ? <UploadProgress /> : null}
      </section>

      {editable ? (
        <div className="row">
          {entry.status === "submitted" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <input type="hidden" name="version" value={entry.version} />
              <button type="submit" className="button">
                {t("entry.withdraw")}
              </button>
            </Form>
          ) : null}
          {entry.status === "draft" && !entry.reference ? (
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="button danger">
                {t("entry.delete")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
