import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { checkResetToken, ResetTokenError, resetPassword } from "~/modules/auth/password-reset.server";
import { PASSWORD_HELP, ResetPasswordSchema } from "~/modules/auth/reset-schema";
import { translateMessage } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";

export async function loader({ params }: LoaderFunctionArgs) {
  try {
    await checkResetToken(params.token ?? "");
    return { problem: null };
  } catch (error) {
    if (error instanceof ResetTokenError) {
      if (error.reason === "unknown") throw new Response("Not Found", { status: 404 });
      return data({ problem: error.reason }, { status: 410 });
    }
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ResetPasswordSchema });
  if (submission.status !== "success")
    return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  try {
    await resetPassword(params.token ?? "", submission.value.password, clientIp(context));
  } catch (error) {
    if (error instanceof ResetTokenError) {
      if (error.reason === "unknown") throw new Response("Not Found", { status: 404 });
      return data(submission.reply({ formErrors: [`reset.${error.reason}`] }), { status: 410 });
    }
    throw error;
  }
  return redirect("/login?reset=1");
}

export default function ResetPassword() {
  const { problem } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm<z.output<typeof ResetPasswordSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    shouldValidate: "onBlur",
  });
  if (problem) {
    return (
      <section className="narrow card stack">
        <h1>{t("reset.title")}</h1>
        <p className="notice">{t(`reset.${problem}`)}</p>
        <Link to="/forgot-password">{t("reset.again")}</Link>
      </section>
    );
  }
  return (
    <section className="narrow card stack">
      <h1>{t("reset.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} />
        <Field
          label={t("reset.newPassword")}
          htmlFor={fields.password.id}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
          help={translateMessage(t, PASSWORD_HELP)}
        >
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
        </Field>
        <Field
          label={t("reset.confirmPassword")}
          htmlFor={fields.confirmPassword.id}
          errorId={fields.confirmPassword.errorId}
          errors={fields.confirmPassword.errors}
        >
          <input
            {...getInputProps(fields.confirmPassword, { type: "password" })}
            autoComplete="new-password"
          />
        </Field>
        <button type="submit" className="button primary">
          {t("reset.save")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
