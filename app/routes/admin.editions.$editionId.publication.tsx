import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { editionHandle } from "~/components/edition-context";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldErrors, FormErrors } from "~/components/field";
import { PhaseBadge } from "~/components/phase-badge";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition, listCategories } from "~/modules/editions/editions.server";
import { formatDateTime, fromLocalInput, toLocalInput } from "~/modules/editions/time";
import { longForm } from "~/modules/forms/body";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { noticeOpen } from "~/modules/results/notice";
import {
  decideObjection,
  listObjections,
  type ObjectionFilter,
  ObjectionRefusedError,
  setNoticeEnd,
} from "~/modules/results/objections.server";
import { publicationStatus, queueResultsMails } from "~/modules/results/public.server";
import { CorrectionSchema, DecideSchema, NoticePeriodSchema } from "~/modules/results/publication-schema";
import {
  PublishRefusedError,
  publishCorrection,
  publishFinal,
  publishNotice,
} from "~/modules/results/publish.server";

export const handle = { ...editionHandle, ...longForm };

/*
 * /admin/editions/:id/publication — the public lists of an edition: publishing the notice (公示),
 * its period, the objections, the final list (公布) and corrections after it.
 */

const FILTERS: ObjectionFilter[] = ["open", "decided", "all"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const statusParam = new URL(request.url).searchParams.get("status");
  const filter = FILTERS.find((f) => f === statusParam) ?? "open";
  const [status, objections, categories] = await Promise.all([
    publicationStatus(edition.id),
    listObjections(edition.id, filter),
    listCategories(edition.id),
  ]);
  return {
    edition: {
      id: edition.id,
      name: edition.name,
      slug: edition.slug,
      phase: edition.phase,
      noticeStartsAt: edition.noticeStartsAt,
      noticeEndsAt: edition.noticeEndsAt,
      noticeOpen: noticeOpen(edition),
    },
    notice: status.noticeHistory,
    final: status.finalHistory,
    correctable: status.correctable,
    categories: categories.map((c) => ({
      id: c.id,
      name: c.name,
      tiers: c.tiers.map((tier) => ({ id: tier.id, name: tier.name })),
    })),
    objections,
    filter,
  };
}

type Refusal = { intent: string; objectionId?: number; formErrors: string[] };

function refused(intent: string, formErrors: string[], status = 409, objectionId?: number) {
  return data({ refusal: { intent, objectionId, formErrors } satisfies Refusal }, { status });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const edition = await getEdition(editionId);
  if (!edition) throw new Response("Not Found", { status: 404 });
  const actor = { id: user.id, ip: clientIp(context) };
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const back = redirect(`/admin/editions/${editionId}/publication`);
  try {
    if (intent === "notice") {
      await publishNotice(actor, editionId);
      return back;
    }
    if (intent === "final") {
      await publishFinal(actor, editionId, new Date(), (tx, publicationId) =>
        queueResultsMails(tx, editionId, publicationId).then(() => undefined),
      );
      return back;
    }
    if (intent === "period") {
      const submission = parseWithZod(form, { schema: NoticePeriodSchema });
      if (submission.status !== "success") return data({ submission: submission.reply() }, { status: 400 });
      const endsAt = fromLocalInput(submission.value.noticeEndsAt);
      if (!endsAt) {
        return data(
          { submission: submission.reply({ fieldErrors: { noticeEndsAt: ["form.dateTime"] } }) },
          { status: 400 },
        );
      }
      try {
        await setNoticeEnd(actor, editionId, endsAt);
      } catch (error) {
        if (error instanceof ObjectionRefusedError) {
          return data(
            { submission: submission.reply({ fieldErrors: { noticeEndsAt: [error.key] } }) },
            { status: 400 },
          );
        }
        throw error;
      }
      return back;
    }
    if (intent === "decide") {
      const submission = parseWithZod(form, { schema: DecideSchema });
      if (submission.status !== "success") return data({ submission: submission.reply() }, { status: 400 });
      const { objectionId, decision, tierId, reply } = submission.value;
      try {
        await decideObjection(actor, editionId, { objectionId, decision, tierId, reply });
      } catch (error) {
        if (error instanceof ObjectionRefusedError) return refused(intent, [error.key], 409, objectionId);
        if (error instanceof PublishRefusedError) return refused(intent, error.problems, 409, objectionId);
        throw error;
      }
      return back;
    }
    if (intent === "correct") {
      const submission = parseWithZod(form, { schema: CorrectionSchema });
      if (submission.status !== "success") return data({ submission: submission.reply() }, { status: 400 });
      const { entryId, tier, reason } = submission.value;
      const tierId = tier === "none" ? null : Number(tier);
      const categories = await listCategories(editionId);
      const { correctable } = await publicationStatus(editionId);
      const entry = correctable.find((e) => e.id === entryId);
      if (!entry) {
        return data(
          { submission: submission.reply({ fieldErrors: { entryId: ["results.publish.unknownEntry"] } }) },
          { status: 400 },
        );
      }
      const category = categories.find((c) => c.id === entry.categoryId);
      if (tierId !== null && !category?.tiers.some((x) => x.id === tierId)) {
        return data(
          { submission: submission.reply({ fieldErrors: { tier: ["results.publish.tierNotInCategory"] } }) },
          { status: 400 },
        );
      }
      await publishCorrection(actor, editionId, { entryId, tierId, reason });
      return back;
    }
  } catch (error) {
    if (error instanceof PublishRefusedError) return refused(intent, error.problems);
    throw error;
  }
  return refused(intent, ["form.invalid"], 400);
}

type ActionData = {
  refusal?: Refusal;
  submission?: {
    initialValue?: Record<string, unknown> | null;
    error?: Record<string, string[] | null> | null;
  };
};

function useFormState(intent: string, objectionId?: number) {
  const last = useActionData<typeof action>() as ActionData | undefined;
  const initial = (last?.submission?.initialValue ?? {}) as Record<string, string | undefined>;
  const mine =
    (last?.refusal?.intent ?? initial.intent) === intent &&
    (objectionId === undefined ||
      String(last?.refusal?.objectionId ?? initial.objectionId ?? "") === String(objectionId));
  return {
    values: mine ? initial : {},
    errors: mine ? (last?.submission?.error ?? {}) : {},
    formErrors: mine ? last?.refusal?.formErrors : undefined,
  };
}

function ProblemList({ problems, editionId }: { problems?: string[]; editionId: number }) {
  const t = useT();
  if (!problems || problems.length === 0) return null;
  return (
    <div className="stack">
      <FormErrors errors={problems} />
      {problems.includes("results.publish.unsettledTies") ? (
        <p>
          <Link to={`/admin/editions/${editionId}/results`}>{t("results.publish.settleTies")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export default function PublicationPage() {
  const { edition, notice, final, correctable, categories, objections, filter } =
    useLoaderData<typeof loader>();
  const t = useT();
  const noticeState = useFormState("notice");
  const finalState = useFormState("final");
  const periodState = useFormState("period");
  const correctState = useFormState("correct");
  const latestNotice = notice[0];
  const latestFinal = final[0];
  const tiersOf = (categoryId: number) => categories.find((c) => c.id === categoryId)?.tiers ?? [];
  const canNotice = edition.phase === "tallied" || edition.phase === "notice";
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}`}>← {edition.name}</Link>
      </p>
      <header className="page-header">
        <h1>
          {t("results.publish.title")} <PhaseBadge phase={edition.phase} />
        </h1>
        <p className="muted">
          <Link to={`/admin/editions/${edition.id}/results`}>{t("results.publish.resultsPage")}</Link>
          {" · "}
          {latestNotice ? (
            <Link to={`/e/${edition.slug}/notice`}>{t("results.publish.publicNotice")}</Link>
          ) : null}
          {latestFinal ? (
            <>
              {" · "}
              <Link to={`/e/${edition.slug}/results`}>{t("results.publish.publicResults")}</Link>
            </>
          ) : null}
        </p>
      </header>

      <section className="card stack">
        <h2>{t("results.publish.noticeHeading")}</h2>
        <dl className="meta-list">
          <dt>{t("results.publish.noticeVersion")}</dt>
          <dd>{latestNotice ? t("results.publish.version", { version: latestNotice.version }) : "—"}</dd>
          <dt>{t("results.publish.period")}</dt>
          <dd>
            {t("results.public.periodValue", {
              from: formatDateTime(edition.noticeStartsAt),
              to: formatDateTime(edition.noticeEndsAt),
            })}
            {edition.noticeOpen ? ` · ${t("results.publish.periodRunning")}` : ""}
          </dd>
          {latestNotice ? (
            <>
              <dt>{t("results.public.seal")}</dt>
              <dd>
                <code className="seal">{latestNotice.sha256}</code>
              </dd>
            </>
          ) : null}
        </dl>
        <ProblemList problems={noticeState.formErrors} editionId={edition.id} />
        {canNotice ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="notice" />
            <p className="muted">
              {latestNotice ? t("results.publish.noticeAgainHelp") : t("results.publish.noticeHelp")}
            </p>
            <button type="submit" className="button primary">
              {latestNotice ? t("results.publish.noticeAgain") : t("results.publish.notice")}
            </button>
          </Form>
        ) : null}
        {canNotice ? (
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="period" />
            <div className={`field${periodState.errors.noticeEndsAt ? " field-invalid" : ""}`}>
              <label htmlFor="notice-ends-at">{t("results.publish.periodEnd")}</label>
              <input
                id="notice-ends-at"
                type="datetime-local"
                name="noticeEndsAt"
                defaultValue={periodState.values.noticeEndsAt ?? toLocalInput(edition.noticeEndsAt) ?? ""}
                aria-describedby="notice-ends-at-error"
              />
              <FieldErrors id="notice-ends-at-error" errors={periodState.errors.noticeEndsAt ?? undefined} />
            </div>
            <button type="submit" className="button">
              {t("results.publish.periodSave")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card stack">
        <h2>{t("objection.heading")}</h2>
        <nav className="row filters" aria-label={t("objection.filter")}>
          {FILTERS.map((f) =>
            f === filter ? (
              <strong key={f}>{t(`objection.filter.${f}`)}</strong>
            ) : (
              <Link key={f} to={`?status=${f}`}>
                {t(`objection.filter.${f}`)}
              </Link>
            ),
          )}
        </nav>
        {objections.length === 0 ? <p className="empty">{t("objection.none")}</p> : null}
        {objections.map((o) => (
          <ObjectionCard
            key={o.id}
            objection={o}
            tiers={tiersOf(o.categoryId)}
            canDecide={edition.phase === "notice" && o.status === "open"}
            editionId={edition.id}
          />
        ))}
      </section>

      <section className="card stack">
        <h2>{t("results.publish.finalHeading")}</h2>
        {latestFinal ? (
          <dl className="meta-list">
            <dt>{t("results.publish.finalVersion")}</dt>
            <dd>
              {t("results.publish.version", { version: latestFinal.version })} ·{" "}
              {formatDateTime(latestFinal.publishedAt)}
            </dd>
            <dt>{t("results.public.seal")}</dt>
            <dd>
              <code className="seal">{latestFinal.sha256}</code>
            </dd>
          </dl>
        ) : (
          <p className="muted">{t("results.publish.finalHelp")}</p>
        )}
        <ProblemList problems={finalState.formErrors} editionId={edition.id} />
        {edition.phase === "notice" ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="final" />
            <button type="submit" className="button primary">
              {t("results.publish.final")}
            </button>
          </Form>
        ) : null}
        {edition.phase === "published" || edition.phase === "archived" ? (
          <Form method="post" className="stack">
            <h3>{t("results.publish.correctionHeading")}</h3>
            <p className="muted">{t("results.publish.correctionHelp")}</p>
            <input type="hidden" name="intent" value="correct" />
            <FormErrors errors={correctState.formErrors} />
            <div className={`field${correctState.errors.entryId ? " field-invalid" : ""}`}>
              <label htmlFor="correct-entry">{t("results.publish.correctionEntry")}</label>
              <select
                id="correct-entry"
                name="entryId"
                defaultValue={correctState.values.entryId ?? ""}
                aria-describedby="correct-entry-error"
              >
                <option value="">—</option>
                {correctable.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.reference} {t("ui.withNote", { text: e.title, note: e.unitName })}
                  </option>
                ))}
              </select>
              <FieldErrors id="correct-entry-error" errors={correctState.errors.entryId ?? undefined} />
            </div>
            <div className={`field${correctState.errors.tier ? " field-invalid" : ""}`}>
              <label htmlFor="correct-tier">{t("results.publish.correctionTier")}</label>
              <select
                id="correct-tier"
                name="tier"
                defaultValue={correctState.values.tier ?? ""}
                aria-describedby="correct-tier-error"
              >
                <option value="">—</option>
                <option value="none">{t("results.publish.noAward")}</option>
                {categories.map((c) => (
                  <optgroup key={c.id} label={c.name}>
                    {c.tiers.map((tier) => (
                      <option key={tier.id} value={tier.id}>
                        {c.name} · {tier.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <FieldErrors id="correct-tier-error" errors={correctState.errors.tier ?? undefined} />
            </div>
            <div className={`field${correctState.errors.reason ? " field-invalid" : ""}`}>
              <label htmlFor="correct-reason">{t("results.publish.correctionReason")}</label>
              <textarea
                id="correct-reason"
                name="reason"
                rows={3}
                defaultValue={correctState.values.reason ?? ""}
                aria-describedby="correct-reason-error"
              />
              <FieldErrors id="correct-reason-error" errors={correctState.errors.reason ?? undefined} />
            </div>
            <button type="submit" className="button danger">
              {t("results.publish.correct")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card">
        <h2>{t("results.publish.history")}</h2>
        {notice.length + final.length === 0 ? (
          <p className="empty">{t("results.publish.noHistory")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("results.publish.list")}</th>
                  <th scope="col" className="num">
                    {t("results.publish.versionLabel")}
                  </th>
                  <th scope="col">{t("results.public.publishedAt")}</th>
                  <th scope="col">{t("results.public.correctionReason")}</th>
                  <th scope="col">{t("results.public.seal")}</th>
                </tr>
              </thead>
              <tbody>
                {[...final, ...notice].map((p) => (
                  <tr key={p.id}>
                    <td>{t(`results.publish.kind.${p.kind}`)}</td>
                    <td className="num">{p.version}</td>
                    <td>{formatDateTime(p.publishedAt)}</td>
                    <td className="pre">{p.correctionReason ?? ""}</td>
                    <td>
                      <code className="seal">{p.sha256}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}

type ObjectionRow = Awaited<ReturnType<typeof loader>>["objections"][number];

function ObjectionCard(props: {
  objection: ObjectionRow;
  tiers: { id: number; name: string }[];
  canDecide: boolean;
  editionId: number;
}) {
  const { objection: o } = props;
  const t = useT();
  const state = useFormState("decide", o.id);
  const id = (name: string) => `objection-${o.id}-${name}`;
  return (
    <article className="card stack">
      <h3>
        {t("objection.about", { reference: o.reference ?? "", title: o.entryTitle })}{" "}
        <span className={`badge objection-${o.status}`}>{t(`objection.status.${o.status}`)}</span>
      </h3>
      <p className="muted">
        {o.unitName} · {t("objection.by", { name: o.name })} ·{" "}
        {[o.phone, o.email].filter(Boolean).join(" · ")} · {formatDateTime(o.createdAt)}
      </p>
      <p className="pre">{o.reason}</p>
      {o.status !== "open" ? (
        <p className="notice">
          {t("ui.labelValue", {
            label: t("ui.withNote", { text: t("objection.replyLabel"), note: formatDateTime(o.decidedAt) }),
            value: o.reply ?? "",
          })}
        </p>
      ) : null}
      {props.canDecide ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="objectionId" value={o.id} />
          <ProblemList problems={state.formErrors} editionId={props.editionId} />
          <fieldset className={`field${state.errors.decision ? " field-invalid" : ""}`}>
            <legend>{t("objection.decision")}</legend>
            {(["dismiss", "remove", "retier"] as const).map((d) => (
              <label key={d} className="choice">
                <input type="radio" name="decision" value={d} defaultChecked={state.values.decision === d} />{" "}
                {t(`objection.decision.${d}`)}
              </label>
            ))}
            <FieldErrors id={id("decision-error")} errors={state.errors.decision ?? undefined} />
          </fieldset>
          <div className={`field${state.errors.tierId ? " field-invalid" : ""}`}>
            <label htmlFor={id("tier")}>{t("objection.newTier")}</label>
            <select
              id={id("tier")}
              name="tierId"
              defaultValue={state.values.tierId ?? ""}
              aria-describedby={id("tier-error")}
            >
              <option value="">—</option>
              {props.tiers.map((tier) => (
                <option key={tier.id} value={tier.id}>
                  {tier.name}
                </option>
              ))}
            </select>
            <FieldErrors id={id("tier-error")} errors={state.errors.tierId ?? undefined} />
          </div>
          <div className={`field${state.errors.reply ? " field-invalid" : ""}`}>
            <label htmlFor={id("reply")}>{t("objection.reply")}</label>
            <textarea
              id={id("reply")}
              name="reply"
              rows={3}
              defaultValue={state.values.reply ?? ""}
              aria-describedby={id("reply-error")}
            />
            <p className="field-help">{t("objection.replyHelp")}</p>
            <FieldErrors id={id("reply-error")} errors={state.errors.reply ?? undefined} />
          </div>
          <button type="submit" className="button">
            {t("objection.decide")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
