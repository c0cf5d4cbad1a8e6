import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { EmailTakenError } from "~/modules/auth/users.server";
import { longForm } from "~/modules/forms/body";
import { DEFAULT_LOCALE } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { inviteUnit } from "~/modules/units/invitations.server";
import { UnitInviteSchema } from "~/modules/units/schema";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  return null;
}

export const handle = longForm;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const submission = parseWithZod(await request.formData(), { schema: UnitInviteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    // The invited unit's language is not known yet: the portal's default.
    await inviteUnit({ id: user.id, ip: clientIp(context) }, submission.value, DEFAULT_LOCALE);
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return data(submission.reply({ fieldErrors: { email: ["invite.emailTaken"] } }), { status: 400 });
    }
    throw error;
  }
  return redirect(`/admin/units/invite?sent=${encodeURIComponent(submission.value.email)}`);
}

export default function InviteUnit() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const sent = searchParams.get("sent");
  const t = useT();
  const [form, fields] = useForm<z.output<typeof UnitInviteSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UnitInviteSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="stack narrow">
      <p>
        <Link to="/admin/units">{t("unit.admin.back")}</Link>
      </p>
      <h1>{t("invite.unit.title")}</h1>
      <p className="lead">{t("invite.unit.lead")}</p>
      {sent ? (
        <p className="notice" role="status">
          {t("invite.sent", { email: sent })}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} />
        <Field
          label={t("invite.unit.email")}
          htmlFor={fields.email.id}
          errorId={fields.email.errorId}
          errors={fields.email.errors}
        >
          <input {...getInputProps(fields.email, { type: "email" })} />
        </Field>
        <Field
          label={t("invite.unit.name")}
          htmlFor={fields.name.id}
          errorId={fields.name.errorId}
          errors={fields.name.errors}
          help={t("invite.unit.nameHelp")}
        >
          <input {...getInputProps(fields.name, { type: "text" })} />
        </Field>
        <button type="submit" className="button primary">
          {t("invite.send")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
