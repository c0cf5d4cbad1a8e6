import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { TotpToggleSchema } from "~/modules/auth/schema";
import { groupSecret } from "~/modules/auth/totp";
import { disableTotp, enableTotp, securityState } from "~/modules/auth/two-factor.server";
import { formatDateTime } from "~/modules/editions/time";
import { messageWithParams } from "~/modules/i18n/i18n";
import { metaT, useT } from "~/modules/i18n/use-t";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("admin.security") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganizer(request);
  const state = await securityState(user.id);
  if (state.enabled) return { enabled: true as const, since: formatDateTime(state.enabledAt) };
  return {
    enabled: false as const,
    secret: groupSecret(state.secret),
    uri: state.uri,
    // An <img> of the server-made SVG: allowed by the page's CSP (img-src data:), no inline markup.
    qr: `data:image/svg+xml;base64,${Buffer.from(state.qrSvg).toString("base64")}`,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const submission = parseWithZod(await request.formData(), { schema: TotpToggleSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["code"] }), { status: 400 });
  }
  const { intent, code } = submission.value;
  const ip = clientIp(context);
  const result =
    intent === "enable" ? await enableTotp(user.id, code, ip) : await disableTotp(user.id, code, ip);
  if (result.ok) return redirect(`/admin/security?done=${intent}d`);
  if (result.reason === "throttled") {
    return data(
      submission.reply({
        formErrors: [messageWithParams("login.throttled", { minutes: result.retryAfterMinutes })],
        hideFields: ["code"],
      }),
      { status: 429 },
    );
  }
  if (result.reason === "state") {
    return data(submission.reply({ formErrors: ["totp.state"], hideFields: ["code"] }), { status: 409 });
  }
  return data(submission.reply({ fieldErrors: { code: [`totp.${result.reason}`] }, hideFields: ["code"] }), {
    status: 400,
  });
}

export default function SecurityPage() {
  const state = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const t = useT();
  const [form, fields] = useForm<z.output<typeof TotpToggleSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TotpToggleSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <div className="stack">
      <h1>{t("admin.security")}</h1>
      <section className="card stack">
        <h2>{t("totp.title")}</h2>
        <p>{t("totp.lead")}</p>
        {done === "enabled" || done === "disabled" ? (
          <p className="notice ok" role="status">
            {t(`totp.${done}`)}
          </p>
        ) : null}
        <p>
          <strong>{state.enabled ? t("totp.on", { date: state.since }) : t("totp.off")}</strong>
        </p>
        {state.enabled ? null : (
          <div className="stack">
            <p>{t("totp.scan")}</p>
            <img src={state.qr} alt={t("totp.qrAlt")} width={200} height={200} className="totp-qr" />
            <p>
              {t("totp.secret")}: <code className="totp-secret">{state.secret}</code>
            </p>
            <p>{t("totp.confirm")}</p>
          </div>
        )}
        {state.enabled ? <p>{t("totp.disableLead")}</p> : null}
        <Form method="post" {...getFormProps(form)} className="stack totp-form">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="intent" value={state.enabled ? "disable" : "enable"} />
          <Field
            label={t("totp.code")}
            htmlFor={fields.code.id}
            errorId={fields.code.errorId}
            errors={fields.code.errors}
          >
            <input
              {...getInputProps(fields.code, { type: "text" })}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
            />
          </Field>
          <button type="submit" className={state.enabled ? "button" : "button primary"}>
            {t(state.enabled ? "totp.disable" : "totp.enable")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
