import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { JudgeForm } from "~/components/judging/judge-form";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { EmailTakenError } from "~/modules/auth/users.server";
import { getEdition } from "~/modules/editions/editions.server";
import { longForm } from "~/modules/forms/body";
import { intParam } from "~/modules/http";
import { DEFAULT_LOCALE } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import {
  CategoryNotInEditionError,
  editionCategories,
  inviteJudge,
  UnitNotFoundError,
} from "~/modules/judging/judges.server";
import { JudgeInviteSchema } from "~/modules/judging/schema";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  return { edition: { id: edition.id, name: edition.name }, categories: await editionCategories(edition.id) };
}

export const handle = longForm;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const submission = parseWithZod(await request.formData(), { schema: JudgeInviteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  let result: Awaited<ReturnType<typeof inviteJudge>>;
  try {
    // The invited judge's language is not known yet: the portal's default.
    result = await inviteJudge(
      { id: user.id, ip: clientIp(context) },
      editionId,
      submission.value,
      DEFAULT_LOCALE,
    );
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return data(submission.reply({ fieldErrors: { email: ["judge.emailTaken"] } }), { status: 400 });
    }
    if (error instanceof UnitNotFoundError) {
      return data(submission.reply({ fieldErrors: { unitCreditCode: ["judge.unitNotFound"] } }), {
        status: 400,
      });
    }
    if (error instanceof CategoryNotInEditionError) {
      return data(submission.reply({ fieldErrors: { categoryIds: ["form.invalid"] } }), { status: 400 });
    }
    throw error;
  }
  const key = result.status === "added" ? "added" : "sent";
  return redirect(
    `/admin/editions/${editionId}/judges/invite?${key}=${encodeURIComponent(submission.value.email)}`,
  );
}

export default function InviteJudge() {
  const { edition, categories } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const sent = searchParams.get("sent");
  const added = searchParams.get("added");
  const t = useT();
  return (
    <section className="stack narrow">
      <p>
        <Link to={`/admin/editions/${edition.id}/judges`}>← {t("judge.admin.title")}</Link>
      </p>
      <h1>{t("judge.invite.title")}</h1>
      <p className="lead">{t("judge.invite.adminLead", { editionName: edition.name })}</p>
      {sent ? (
        <p className="notice" role="status">
          {t("invite.sent", { email: sent })}
        </p>
      ) : null}
      {added ? (
        <p className="notice" role="status">
          {t("judge.invite.added", { email: added })}
        </p>
      ) : null}
      {categories.length === 0 ? <p className="empty">{t("edition.noCategories")}</p> : null}
      <JudgeForm mode="invite" lastResult={lastResult} categories={categories} submitLabel="invite.send" />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
