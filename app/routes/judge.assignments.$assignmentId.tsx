import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { Platform } from "#db/schema/editions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldErrors, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { requireJudge } from "~/modules/auth/guards.server";
import { longForm } from "~/modules/forms/body";
import { hasNoControlCharacters } from "~/modules/forms/fields";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import {
  ConflictClosedError,
  AssignmentStateError as ConflictStateError,
  recuseAssignment,
} from "~/modules/judging/conflicts.server";
import { requireAssignment } from "~/modules/judging/guards.server";
import {
  ScoringClosedError,
  SheetConflictError,
  SheetLockedError,
  saveSheet,
} from "~/modules/judging/sheets.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view } = await requireAssignment(request, intParam(params, "assignmentId"));
  return view;
}

export const handle = longForm;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireJudge(request);
  const assignmentId = intParam(params, "assignmentId");
  const form = await request.formData();
  if (form.get("intent") === "recuse") {
    const reason = String(form.get("reason") ?? "").trim();
    // A NUL would fail the insert (PostgreSQL refuses it in text): a field message instead.
    const problem =
      !reason || [...reason].length > 500
        ? "form.required"
        : hasNoControlCharacters(reason)
          ? null
          : "form.controlCharacters";
    if (problem) {
      return data(
        { errors: { reason: [problem] } as Record<string, string[]>, typed: { reason } },
        { status: 400 },
      );
    }
    try {
      await recuseAssignment({ id: user.id, ip: clientIp(context) }, assignmentId, reason);
    } catch (error) {
      if (error instanceof ConflictStateError || error instanceof ConflictClosedError) {
        return data(
          { errors: { "": ["conflict.recuseRefused"] } as Record<string, string[]>, typed: {} },
          { status: 409 },
        );
      }
      throw error;
    }
    return redirect("/judge?recused=1");
  }
  const typed = Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));
  let saved: Awaited<ReturnType<typeof saveSheet>>;
  try {
    saved = await saveSheet({ userId: user.id, ip: clientIp(context) }, assignmentId, form);
  } catch (error) {
    const key =
      error instanceof SheetConflictError ||
      error instanceof SheetLockedError ||
      error instanceof ScoringClosedError
        ? error.message
        : null;
    if (!key) throw error;
    return data({ errors: { "": [key] } as Record<string, string[]>, typed }, { status: 409 });
  }
  if (!saved.ok) return data({ errors: saved.errors, typed }, { status: 400 });
  const go = form.get("go");
  const target = go === "prev" ? saved.prevId : go === "next" ? saved.nextId : null;
  if (target) return redirect(`/judge/assignments/${target}`);
  return redirect(`/judge/assignments/${assignmentId}?${saved.submitted ? "submitted" : "saved"}=1`);
}

export default function ScoreSheetPage() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const { entry, rubric, sheet } = view;
  const locked = view.assignment.state !== "assigned" || view.edition.phase !== "judging";
  const errors = result?.errors ?? {};
  const typed = result?.typed as Record<string, string> | undefined;
  const value = (name: string, saved: string) => (typed ? (typed[name] ?? "") : saved);
  const total = rubric.reduce(
    (sum, c) => sum + (Number(value(`points.${c.id}`, String(sheet.points[c.id] ?? ""))) || 0),
    0,
  );
  const metrics = Object.entries(entry.metrics).filter(([, v]) => v !== null) as [string, number][];
  return (
    <article className="stack judge-entry">
      <p>
        <Link to="/judge">← {t("judging.queue")}</Link>
      </p>
      <header className="page-header">
        <p className="muted">
          {view.edition.name} · {view.category.name} · <code>{entry.reference}</code>
        </p>
        <h1>{entry.title}</h1>
        {view.edition.blind ? (
          <p className="muted">{t("judging.blindNote")}</p>
        ) : (
          <p className="muted">
            {entry.unitName}
            {entry.accountName ? ` · ${entry.accountName}` : ""}
          </p>
        )}
      </header>
      {params.get("submitted") ? (
        <p className="notice ok" role="status">
          {t("sheet.submittedNotice")}
        </p>
      ) : null}
      {params.get("saved") ? (
        <p className="notice ok" role="status">
          {t("sheet.savedNotice")}
        </p>
      ) : null}

      <div className="judge-layout">
        <section className="card stack" aria-labelledby="entry-heading">
          <h2 id="entry-heading">{t("judging.theEntry")}</h2>
          <dl className="meta-list">
            {entry.platform ? (
              <>
                <dt>{t("entry.platform")}</dt>
                <dd>{t(`platform.${entry.platform as Platform}`)}</dd>
              </>
            ) : null}
            {entry.publishDate ? (
              <>
                <dt>{t("entry.publishDate")}</dt>
                <dd>{entry.publishDate}</dd>
              </>
            ) : null}
            {entry.link ? (
              <>
                <dt>{t("entry.link")}</dt>
                <dd>
                  <a href={entry.link} target="_blank" rel="noreferrer noopener">
                    {entry.link}
                  </a>
                </dd>
              </>
            ) : null}
            {entry.videoLink ? (
              <>
                <dt>{t("entry.videoLink")}</dt>
                <dd>
                  <a href={entry.videoLink} target="_blank" rel="noreferrer noopener">
                    {entry.videoLink}
                  </a>
                </dd>
              </>
            ) : null}
            {metrics.map(([k, v]) => (
              <div key={k} className="contents">
                <dt>{t(`entry.metric.${k as "reads"}`)}</dt>
                <dd>{v.toLocaleString("zh-CN")}</dd>
              </div>
            ))}
          </dl>
          <h3>{t("entry.summary")}</h3>
          <p className="pre">{entry.summary}</p>
          {view.attachments.map((a, i) => (
            <figure key={a.id} className="media">
              {a.kind === "image" ? (
                <img src={`/files/${a.id}`} alt={t("judging.attachmentN", { n: i + 1 })} />
              ) : null}
              {a.kind === "video" ? (
                // biome-ignore lint/a11y/useMediaCaption: entries' videos come without caption tracks
                <video src={`/files/${a.id}`} controls preload="metadata" />
              ) : null}
              {a.kind === "pdf" ? (
                <iframe
                  src={`/files/${a.id}`}
                  title={t("judging.attachmentN", { n: i + 1 })}
                  className="pdf-frame"
                />
              ) : null}
              <figcaption>
                <a href={`/files/${a.id}`} target="_blank" rel="noreferrer">
                  {t("ui.withNote", {
                    text: t("judging.attachmentN", { n: i + 1 }),
                    note: t(`attachment.kind.${a.kind}`),
                  })}
                </a>
              </figcaption>
            </figure>
          ))}
        </section>

        <section className="card stack score-sheet" aria-labelledby="sheet-heading">
          <h2 id="sheet-heading">{t("sheet.title")}</h2>
          {view.assignment.state === "submitted" ? <p className="notice">{t("sheet.locked")}</p> : null}
          {view.assignment.state === "recused" ? <p className="notice">{t("sheet.recused")}</p> : null}
          {view.assignment.state === "assigned" && view.edition.phase !== "judging" ? (
            <p className="notice">{t("sheet.notJudging")}</p>
          ) : null}
          <Form method="post" className="stack">
            <FormErrors errors={errors[""]} />
            <input type="hidden" name="version" value={sheet.version} />
            <fieldset disabled={locked}>
              <legend className="visually-hidden">{t("sheet.title")}</legend>
              {rubric.map((c) => (
                <div
                  key={c.id}
                  className={`field criterion${errors[`points.${c.id}`] ? " field-invalid" : ""}`}
                >
                  <label htmlFor={`points-${c.id}`}>
                    {c.name}{" "}
                    <span className="muted">
                      {t("ui.inParentheses", { text: t("sheet.max", { max: c.maxPoints }) })}
                    </span>
                  </label>
                  {c.descriptor ? <p className="field-help">{c.descriptor}</p> : null}
                  <input
                    id={`points-${c.id}`}
                    name={`points.${c.id}`}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={c.maxPoints}
                    step={0.5}
                    defaultValue={value(`points.${c.id}`, String(sheet.points[c.id] ?? ""))}
                    aria-invalid={errors[`points.${c.id}`] ? true : undefined}
                    aria-describedby={`points-${c.id}-error`}
                  />
                  <FieldErrors id={`points-${c.id}-error`} errors={errors[`points.${c.id}`]} />
                </div>
              ))}
              <p className="sheet-total" aria-live="polite">
                {t("sheet.totalOf", { total, max: 100 })}
              </p>
              <div className="field">
                <label htmlFor="comment">{t("sheet.comment")}</label>
                <textarea
                  id="comment"
                  name="comment"
                  rows={4}
                  defaultValue={value("comment", sheet.comment)}
                />
                <FieldErrors id="comment-error" errors={errors.comment} />
              </div>
              <div className="row">
                <button type="submit" name="intent" value="save" className="button">
                  {t("sheet.saveDraft")}
                </button>
                <button type="submit" name="intent" value="submit" className="button primary">
                  {t("sheet.submit")}
                </button>
              </div>
            </fieldset>
            <nav className="row" aria-label={t("judging.prevNext")}>
              {view.prevId ? (
                locked ? (
                  <Link to={`/judge/assignments/${view.prevId}`}>← {t("judging.prev")}</Link>
                ) : (
                  <button type="submit" name="go" value="prev" className="link-button">
                    ← {t("judging.saveAndPrev")}
                  </button>
                )
              ) : (
                <span />
              )}
              {view.nextId ? (
                locked ? (
                  <Link to={`/judge/assignments/${view.nextId}`}>{t("judging.next")} →</Link>
                ) : (
                  <button type="submit" name="go" value="next" className="link-button">
                    {t("judging.saveAndNext")} →
                  </button>
                )
              ) : null}
            </nav>
          </Form>
          {view.assignment.state === "assigned" ? (
            <details className="recuse">
              <summary>{t("conflict.recuseTitle")}</summary>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="recuse" />
                <p className="field-help">{t("conflict.recuseHelp")}</p>
                <label htmlFor="recuse-reason">{t("conflict.recuseReason")}</label>
                <textarea id="recuse-reason" name="reason" rows={2} aria-describedby="recuse-reason-error" />
                <FieldErrors id="recuse-reason-error" errors={errors.reason} />
                <button type="submit" className="button danger">
                  {t("conflict.recuse")}
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
