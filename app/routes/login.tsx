import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { homeFor, requireAnonymous } from "~/modules/auth/guards.server";
import { logIn } from "~/modules/auth/login.server";
import { LoginSchema, safeRedirect } from "~/modules/auth/schema";
import { TWO_FACTOR_PATH } from "~/modules/auth/two-factor.server";
import { messageWithParams } from "~/modules/i18n/i18n";
import { metaT, useT } from "~/modules/i18n/use-t";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("login.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const result = await logIn({ ...submission.value, ip: clientIp(context) });
  if (!result.ok && result.reason === "twoFactor") {
    const next = submission.value.redirectTo
      ? `?redirectTo=${encodeURIComponent(submission.value.redirectTo)}`
      : "";
    return redirect(`${TWO_FACTOR_PATH}${next}`, { headers: { "Set-Cookie": result.setCookie } });
  }
  if (!result.ok) {
    const message =
      result.reason === "throttled"
        ? messageWithParams("login.throttled", { minutes: result.retryAfterMinutes })
        : "login.invalid";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "throttled" ? 429 : 400,
    });
  }
  return redirect(safeRedirect(submission.value.redirectTo, homeFor(result.role)), {
    headers: { "Set-Cookie": result.setCookie },
  });
}

export default function LoginPage() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  // Set when the second step of a two-step login sent the visitor back here.
  const twoFactor = searchParams.get("twoFactor");
  const [form, fields] = useForm<z.output<typeof LoginSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow card">
      <h1>{t("login.title")}</h1>
      {searchParams.get("reset") ? (
        <p className="notice ok" role="status">
          {t("reset.done")}
        </p>
      ) : null}
      {twoFactor === "expired" || twoFactor === "ended" ? (
        <p className="notice" role="alert">
          {t(`twoFactor.${twoFactor}`)}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label={t("login.email")}
          htmlFor={fields.email.id}
          errorId={fields.email.errorId}
          errors={fields.email.errors}
        >
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
        </Field>
        <Field
          label={t("login.password")}
          htmlFor={fields.password.id}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
        >
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
        </Field>
        <button type="submit" className="button primary">
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
