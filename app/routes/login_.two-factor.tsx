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
import { safeRedirect, TotpCodeSchema } from "~/modules/auth/schema";
import { answerChallenge, clearChallengeCookie, hasLiveChallenge } from "~/modules/auth/two-factor.server";
import { messageWithParams } from "~/modules/i18n/i18n";
import { metaT, useT } from "~/modules/i18n/use-t";

/*
 * The second step of a two-step login: the password was right, the challenge cookie says for
 * whom; a right code opens the session. Without a live challenge the visitor starts over.
 */

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("twoFactor.title") }];

async function backToLogin(reason: "expired" | "ended", redirectTo: unknown) {
  const params = new URLSearchParams({ twoFactor: reason });
  const next = safeRedirect(redirectTo, "");
  if (next) params.set("redirectTo", next);
  return redirect(`/login?${params.toString()}`, {
    headers: { "Set-Cookie": await clearChallengeCookie() },
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  if (!(await hasLiveChallenge(request))) {
    throw await backToLogin("expired", new URL(request.url).searchParams.get("redirectTo"));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const redirectTo = formData.get("redirectTo");
  if (!(await hasLiveChallenge(request))) return backToLogin("expired", redirectTo);
  const submission = parseWithZod(formData, { schema: TotpCodeSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["code"] }), { status: 400 });
  }
  const result = await answerChallenge(request, submission.value.code, clientIp(context));
  if (result.ok) {
    const headers = new Headers();
    headers.append("Set-Cookie", result.setCookie);
    headers.append("Set-Cookie", await clearChallengeCookie());
    return redirect(safeRedirect(submission.value.redirectTo, homeFor(result.role)), { headers });
  }
  switch (result.reason) {
    case "expired":
    case "ended":
      return backToLogin(result.reason, redirectTo);
    case "throttled":
      return data(
        submission.reply({
          formErrors: [messageWithParams("login.throttled", { minutes: result.retryAfterMinutes })],
          hideFields: ["code"],
        }),
        { status: 429 },
      );
    case "wrong":
    case "replayed":
      return data(
        submission.reply({
          fieldErrors: {
            code: [
              `totp.${result.reason}`,
              messageWithParams("totp.attemptsLeft", { n: result.attemptsLeft }),
            ],
          },
          hideFields: ["code"],
        }),
        { status: 400 },
      );
  }
}

export default function TwoFactorPage() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.output<typeof TotpCodeSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TotpCodeSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <section className="narrow card stack">
      <h1>{t("twoFactor.title")}</h1>
      <p>{t("twoFactor.lead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
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
            // biome-ignore lint/a11y/noAutofocus: the code is the only thing to do on this page
            autoFocus
          />
        </Field>
        <button type="submit" className="button primary">
          {t("twoFactor.submit")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("twoFactor.back")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
