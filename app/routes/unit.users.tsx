import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { UnitUsersTable } from "~/components/units/unit-tables";
import { clientIp } from "~/load-context";
import { EmailTakenError } from "~/modules/auth/users.server";
import { formatDateTime } from "~/modules/editions/time";
import { isLocale, messageWithParams } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { ThrottledError } from "~/modules/throttle/spend.server";
import { requireApprovedUnit } from "~/modules/units/guards.server";
import { inviteUnitUser } from "~/modules/units/invitations.server";
import { UnitUserInviteSchema } from "~/modules/units/schema";
import { listOpenInvitations, listUnitUsers } from "~/modules/units/units.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, unitId, unitName } = await requireApprovedUnit(request);
  const [users, invitations] = await Promise.all([listUnitUsers(unitId), listOpenInvitations(unitId)]);
  return { unitName, me: user.id, users, invitations };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, unitId } = await requireApprovedUnit(request);
  const submission = parseWithZod(await request.formData(), { schema: UnitUserInviteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await inviteUnitUser(
      { id: user.id, ip: clientIp(context), name: user.name },
      unitId,
      submission.value,
      isLocale(user.locale) ? user.locale : "zh-CN",
    );
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return data(submission.reply({ fieldErrors: { email: ["invite.emailTaken"] } }), { status: 400 });
    }
    if (error instanceof ThrottledError) {
      const message = messageWithParams("invite.throttled", { minutes: error.retryAfterMinutes });
      return data(submission.reply({ formErrors: [message] }), { status: 429 });
    }
    throw error;
  }
  return redirect(`/unit/users?sent=${encodeURIComponent(submission.value.email)}`);
}

export default function UnitUsers() {
  const { unitName, me, users, invitations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const sent = searchParams.get("sent");
  const t = useT();
  const [form, fields] = useForm<z.output<typeof UnitUserInviteSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UnitUserInviteSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="stack">
      <header className="page-header">
        <p>
          <Link to="/unit">{t("unit.backHome")}</Link>
        </p>
        <h1>{t("unit.users.title")}</h1>
        <p className="muted">{t("unit.users.lead", { unitName })}</p>
      </header>
      {sent ? (
        <p className="notice" role="status">
          {t("invite.sent", { email: sent })}
        </p>
      ) : null}
      <UnitUsersTable users={users} me={me} />
      {invitations.length > 0 ? (
        <section>
          <h2>{t("unit.users.invitations")}</h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                {i.name ? `${i.name} · ` : ""}
                {i.email} · {t("unit.users.invitedUntil", { at: formatDateTime(i.expiresAt) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("unit.users.invite")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors errors={form.errors} />
          <div className="grid-2">
            <Field
              label={t("unit.users.email")}
              htmlFor={fields.email.id}
              errorId={fields.email.errorId}
              errors={fields.email.errors}
            >
              <input {...getInputProps(fields.email, { type: "email" })} />
            </Field>
            <Field
              label={t("unit.users.name")}
              htmlFor={fields.name.id}
              errorId={fields.name.errorId}
              errors={fields.name.errors}
            >
              <input {...getInputProps(fields.name, { type: "text" })} />
            </Field>
          </div>
          <button type="submit" className="button primary">
            {t("invite.send")}
          </button>
        </Form>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
