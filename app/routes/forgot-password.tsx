import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { requestPasswordReset } from "~/modules/auth/password-reset.server";
import { ForgotPasswordSchema } from "~/modules/auth/reset-schema";
import { getLocale } from "~/modules/i18n/i18n.server";
import { useT } from "~/modules/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), sent: false }, { status: 400 });
  const { throttled } = await requestPasswordReset(submission.value.email, {
    ip: clientIp(context),
    locale: await getLocale(request),
  });
  if (throttled) {
    return data(
      { result: submission.reply({ formErrors: ["reset.throttled"] }), sent: false },
      { status: 429 },
    );
  }
  // The same answer whether or not the address has an account.
  return data({ result: submission.reply({ resetForm: true }), sent: true });
}

export default function ForgotPassword() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.output<typeof ForgotPasswordSchema>>({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow card stack">
      <h1>{t("reset.forgotTitle")}</h1>
      {actionData?.sent ? (
        <p className="notice ok" role="status">
          {t("reset.sent")}
        </p>
      ) : (
        <p>{t("reset.forgotLead")}</p>
      )}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} />
        <Field
          label={t("login.email")}
          htmlFor={fields.email.id}
          errorId={fields.email.errorId}
          errors={fields.email.errors}
        >
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
        </Field>
        <button type="submit" className="button primary">
          {t("reset.send")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("reset.backToLogin")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
