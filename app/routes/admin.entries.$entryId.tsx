import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EntryStatusBadge } from "~/components/entries/entry-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldErrors, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { formatDateTime, toLocalInput } from "~/modules/editions/time";
import { ReviewSchema } from "~/modules/entries/schema";
import { redirectWithToast } from "~/modules/flash.server";
import { longForm } from "~/modules/forms/body";
import { formId, intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { entryAssignments } from "~/modules/judging/progress.server";
import { ReopenSchema } from "~/modules/judging/scoring";
import { reopenSheet, ScoringClosedError, SheetLockedError } from "~/modules/judging/sheets.server";
import { decide, entryForReview, ReviewStateError } from "~/modules/review/review.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const entryId = intParam(params, "entryId");
  const [found, sheets] = await Promise.all([entryForReview(entryId), entryAssignments(entryId)]);
  return {
    ...found,
    attachments: found.attachments.map((a) => ({
      id: a.id,
      kind: a.kind,
      originalName: a.originalName,
      size: a.size,
    })),
    defaultDeadline: toLocalInput(new Date(Date.now() + 5 * 86_400_000)),
    sheets: sheets.map((s) => ({ ...s, total: s.total === null ? null : Number(s.total) / 2 })),
  };
}

export const handle = longForm;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const entryId = intParam(params, "entryId");
  const form = await request.formData();
  if (form.get("intent") === "reopen") {
    const reopen = parseWithZod(form, { schema: ReopenSchema });
    if (reopen.status !== "success") return data(reopen.reply(), { status: 400 });
    const assignmentId = formId(form, "assignmentId");
    if (assignmentId === null) return data(reopen.reply({ formErrors: ["form.invalid"] }), { status: 400 });
    try {
      await reopenSheet({ userId: user.id, ip: clientIp(context) }, assignmentId, reopen.value.reason);
    } catch (error) {
      if (error instanceof SheetLockedError || error instanceof ScoringClosedError) {
        return data(reopen.reply({ formErrors: [error.message] }), { status: 409 });
      }
      throw error;
    }
    return redirectWithToast(`/admin/entries/${entryId}`, "toast.sheetReopened");
  }
  const submission = parseWithZod(form, { schema: ReviewSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await decide({ userId: user.id, ip: clientIp(context) }, entryId, submission.value);
  } catch (error) {
    if (error instanceof ReviewStateError) {
      return data(submission.reply({ formErrors: [error.message] }), { status: 409 });
    }
    throw error;
  }
  const toast = {
    accept: "toast.entryAccepted",
    return: "toast.entryReturned",
    reject: "toast.entryRejected",
  } as const;
  return redirectWithToast(`/admin/entries/${entryId}`, toast[submission.value.intent]);
}

export default function ReviewEntry() {
  const {
    entry,
    category,
    edition,
    unit,
    account,
    attachments,
    duplicates,
    checks,
    defaultDeadline,
    sheets,
  } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const errors = lastResult?.error ?? {};
  const lastIntent = (lastResult?.initialValue as { intent?: string } | undefined)?.intent;
  const metrics = [
    ["reads", entry.reads],
    ["plays", entry.plays],
    ["likes", entry.likes],
    ["shares", entry.shares],
    ["comments", entry.comments],
  ] as const;
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}/review`}>← {t("review.title")}</Link>
      </p>
      <header className="page-header">
        <h1>
          {entry.title || t("entry.untitled")} <EntryStatusBadge status={entry.status} />
        </h1>
        <p className="muted">
          <code>{entry.reference}</code> · {category.name} · {unit.name}
        </p>
      </header>
      <section className="card">
        <h2>{t("review.checks")}</h2>
        <ul>
          {checks.outsideWindow ? (
            <li className="flag">
              {t("review.check.outsideWindowLong", {
                date: entry.publishDate ?? "",
                from: edition.statsFrom ?? "…",
                to: edition.statsTo ?? "…",
              })}
            </li>
          ) : null}
          {checks.missingVideo ? <li className="flag">{t("review.check.missingVideo")}</li> : null}
          {duplicates.map((d) => (
            <li key={d.id} className="flag">
              {t("review.check.duplicateOf", {
                reference: d.reference ?? "",
                title: d.title,
                unit: d.unitName,
                edition: d.editionName,
              })}
            </li>
          ))}
          {!checks.outsideWindow && !checks.missingVideo && duplicates.length === 0 ? (
            <li>{t("review.check.none")}</li>
          ) : null}
        </ul>
      </section>
      <section className="card">
        <dl className="meta-list">
          <dt>{t("entry.account")}</dt>
          <dd>
            {account
              ? t("ui.withNote", { text: account.name, note: t(`platform.${account.platform}`) })
              : "—"}
          </dd>
          <dt>{t("entry.link")}</dt>
          <dd>
            {entry.link ? (
              <a href={entry.link} rel="noreferrer noopener" target="_blank">
                {entry.link}
              </a>
            ) : (
              "—"
            )}
          </dd>
          <dt>{t("entry.publishDate")}</dt>
          <dd>{entry.publishDate ?? "—"}</dd>
          <dt>{t("entry.videoLink")}</dt>
          <dd>{entry.videoLink || "—"}</dd>
          {metrics.map(([k, v]) => (
            <div key={k} className="contents">
              <dt>{t(`entry.metric.${k}`)}</dt>
              <dd>{v ?? "—"}</dd>
            </div>
          ))}
          <dt>{t("review.submittedAt")}</dt>
          <dd>{formatDateTime(entry.submittedAt)}</dd>
        </dl>
        <h3>{t("entry.summary")}</h3>
        <p className="pre">{entry.summary}</p>
        <h3>{t("entry.attachments")}</h3>
        <ul className="attachment-list">
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={`/files/${a.id}`}>{a.originalName}</a>{" "}
              <span className="muted">{t(`attachment.kind.${a.kind}`)}</span>
            </li>
          ))}
        </ul>
        {entry.reviewReason ? (
          <p className="notice">
            {t("review.lastReason")}: {entry.reviewReason}
          </p>
        ) : null}
      </section>
      {sheets.length > 0 ? (
        <section className="card">
          <h2>{t("progress.sheets")}</h2>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("progress.judge")}</th>
                  <th scope="col">{t("entry.statusLabel")}</th>
                  <th scope="col" className="num">
                    {t("sheet.total")}
                  </th>
                  <th scope="col">{t("sheet.comment")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("form.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sheets.map((s) => (
                  <tr key={s.id}>
                    <td>{s.judgeName}</td>
                    <td>{t(`judging.state.${s.state}`)}</td>
                    <td className="num">{s.total ?? "—"}</td>
                    <td className="pre">{s.comment}</td>
                    <td>
                      {s.state === "submitted" ? (
                        <Form method="post" className="row">
                          <input type="hidden" name="intent" value="reopen" />
                          <input type="hidden" name="assignmentId" value={s.id} />
                          <label className="visually-hidden" htmlFor={`reopen-${s.id}`}>
                            {t("progress.reopenReason")}
                          </label>
                          <input
                            id={`reopen-${s.id}`}
                            name="reason"
                            type="text"
                            placeholder={t("progress.reopenReason")}
                            required
                          />
                          <button type="submit" className="button">
                            {t("progress.reopen")}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <section className="card stack">
        <h2>{t("review.decide")}</h2>
        <FormErrors errors={errors[""] ?? undefined} />
        <Form method="post">
          <input type="hidden" name="intent" value="accept" />
          <button type="submit" className="button primary">
            {t("review.accept")}
          </button>
        </Form>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="return" />
          <label htmlFor="return-reason">{t("review.returnReason")}</label>
          <textarea id="return-reason" name="reason" rows={3} aria-describedby="return-reason-error" />
          <FieldErrors
            id="return-reason-error"
            errors={lastIntent === "return" ? (errors.reason ?? undefined) : undefined}
          />
          <label htmlFor="return-deadline">{t("review.revisionDeadline")}</label>
          <input
            id="return-deadline"
            type="datetime-local"
            name="revisionDeadline"
            defaultValue={defaultDeadline}
          />
          <FieldErrors
            id="return-deadline-error"
            errors={lastIntent === "return" ? (errors.revisionDeadline ?? undefined) : undefined}
          />
          <button type="submit" className="button">
            {t("review.return")}
          </button>
        </Form>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="reject" />
          <label htmlFor="reject-reason">{t("review.rejectReason")}</label>
          <textarea id="reject-reason" name="reason" rows={3} aria-describedby="reject-reason-error" />
          <FieldErrors
            id="reject-reason-error"
            errors={lastIntent === "reject" ? (errors.reason ?? undefined) : undefined}
          />
          <button type="submit" className="button danger">
            {t("review.reject")}
          </button>
        </Form>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
