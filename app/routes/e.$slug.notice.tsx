import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldErrors, FormErrors } from "~/components/field";
import { PublicAwards } from "~/components/results/public-awards";
import { clientIp } from "~/load-context";
import { formatDateTime } from "~/modules/editions/time";
import { longForm } from "~/modules/forms/body";
import { messageWithParams } from "~/modules/i18n/i18n";
import { metaT, useT } from "~/modules/i18n/use-t";
import { noticeOpen } from "~/modules/results/notice";
import {
  ObjectionRefusedError,
  ObjectionThrottledError,
  submitObjection,
} from "~/modules/results/objections.server";
import { groupAwards, noticeView } from "~/modules/results/public.server";
import { OBJECTION_REASON_MAX, ObjectionSchema } from "~/modules/results/publication-schema";
import printStyles from "~/styles/results-print.css";

/*
 * /e/:slug/notice — the latest provisional list (公示) with its period and, while the period runs,
 * the objection form. Stays readable (without the form) after the period; 404 before any notice.
 */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("results.public.noticeTitle", { edition: data.edition.name }) : "" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const { edition, publication, awards } = await noticeView(params.slug ?? "");
  return {
    edition: {
      name: edition.name,
      slug: edition.slug,
      phase: edition.phase,
      noticeStartsAt: edition.noticeStartsAt,
      noticeEndsAt: edition.noticeEndsAt,
    },
    open: noticeOpen(edition),
    publication: {
      version: publication.version,
      publishedAt: publication.publishedAt,
      sha256: publication.sha256,
    },
    groups: groupAwards(awards),
    options: awards.flatMap((a) =>
      a.entryId === null
        ? []
        : [
            {
              id: a.entryId,
              label: `${a.categoryName} · ${a.tierName} · ${a.entryTitle}`,
              unitName: a.unitName,
            },
          ],
    ),
  };
}

export const handle = longForm;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { edition } = await noticeView(params.slug ?? "");
  const now = new Date();
  const form = await request.formData();
  // The period is checked before the form: outside it nothing is read or kept.
  if (!noticeOpen(edition, now)) {
    return data({ closed: true, submission: null }, { status: 409 });
  }
  const submission = parseWithZod(form, { schema: ObjectionSchema });
  if (submission.status !== "success")
    return data({ closed: false, submission: submission.reply() }, { status: 400 });
  try {
    await submitObjection(edition.id, submission.value, clientIp(context), now);
  } catch (error) {
    if (error instanceof ObjectionThrottledError) {
      const message = messageWithParams("objection.throttled", { at: formatDateTime(error.retryAt) });
      return data(
        { closed: false, submission: submission.reply({ formErrors: [message] }) },
        { status: 429 },
      );
    }
    if (error instanceof ObjectionRefusedError) {
      if (error.key === "objection.entryNotListed") {
        return data(
          { closed: false, submission: submission.reply({ fieldErrors: { entryId: [error.key] } }) },
          { status: 400 },
        );
      }
      return data({ closed: true, submission: null }, { status: 409 });
    }
    throw error;
  }
  return redirect(`/e/${edition.slug}/notice?sent=1#objection`);
}

export default function NoticePage() {
  const { edition, open, publication, groups, options } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const values = (last?.submission?.initialValue ?? {}) as Record<string, string | undefined>;
  const errors = last?.submission?.error ?? {};
  const field = (name: string) => ({
    id: `objection-${name}`,
    name,
    "aria-describedby": `objection-${name}-error`,
    "aria-invalid": errors[name] ? true : undefined,
    defaultValue: values[name] ?? "",
  });
  const invalid = (name: string) => (errors[name] ? " field-invalid" : "");
  return (
    <article className="stack public-list">
      <p className="no-print">
        <Link to={`/e/${edition.slug}`}>← {edition.name}</Link>
      </p>
      <header className="page-header">
        <h1>{t("results.public.noticeTitle", { edition: edition.name })}</h1>
        <p className="lead">
          {t("ui.labelValue", {
            label: t("results.public.period"),
            value: t("results.public.periodValue", {
              from: formatDateTime(edition.noticeStartsAt),
              to: formatDateTime(edition.noticeEndsAt),
            }),
          })}
        </p>
        <p className="muted">
          {t("results.public.noticeVersion", {
            version: publication.version,
            at: formatDateTime(publication.publishedAt),
          })}
        </p>
        {!open ? <p className="notice">{t("results.public.noticeClosed")}</p> : null}
      </header>

      <PublicAwards groups={groups} showPlatform={false} />

      <section className="card stack no-print" id="objection">
        <h2>{t("objection.formHeading")}</h2>
        {search.get("sent") ? <p className="notice ok">{t("objection.sent")}</p> : null}
        {open && !last?.closed ? (
          <Form method="post" className="stack" noValidate>
            <p className="muted">{t("objection.formHelp")}</p>
            <FormErrors errors={errors[""] ?? undefined} />
            <div className={`field${invalid("name")}`}>
              <label htmlFor="objection-name">{t("objection.name")}</label>
              <input type="text" autoComplete="name" maxLength={50} {...field("name")} />
              <FieldErrors id="objection-name-error" errors={errors.name ?? undefined} />
            </div>
            <div className={`field${invalid("phone")}`}>
              <label htmlFor="objection-phone">{t("objection.phone")}</label>
              <input type="tel" inputMode="tel" autoComplete="tel" maxLength={20} {...field("phone")} />
              <p className="field-help">{t("objection.contactHelp")}</p>
              <FieldErrors id="objection-phone-error" errors={errors.phone ?? undefined} />
            </div>
            <div className={`field${invalid("email")}`}>
              <label htmlFor="objection-email">{t("objection.email")}</label>
              <input type="email" autoComplete="email" maxLength={200} {...field("email")} />
              <FieldErrors id="objection-email-error" errors={errors.email ?? undefined} />
            </div>
            <div className={`field${invalid("entryId")}`}>
              <label htmlFor="objection-entryId">{t("objection.entry")}</label>
              <select {...field("entryId")}>
                <option value="">{t("objection.chooseEntry")}</option>
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {t("ui.withNote", { text: o.label, note: o.unitName })}
                  </option>
                ))}
              </select>
              <FieldErrors id="objection-entryId-error" errors={errors.entryId ?? undefined} />
            </div>
            <div className={`field${invalid("reason")}`}>
              <label htmlFor="objection-reason">{t("objection.reason")}</label>
              <textarea rows={6} maxLength={OBJECTION_REASON_MAX} {...field("reason")} />
              <p className="field-help">{t("objection.reasonHelp", { max: OBJECTION_REASON_MAX })}</p>
              <FieldErrors id="objection-reason-error" errors={errors.reason ?? undefined} />
            </div>
            <button type="submit" className="button primary">
              {t("objection.submit")}
            </button>
          </Form>
        ) : (
          <p className="notice" role="alert">
            {t("objection.closed")}
          </p>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
