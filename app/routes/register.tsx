import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RegistrationForm } from "~/components/units/registration-form";
import { clientIp } from "~/load-context";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { messageWithParams } from "~/modules/i18n/i18n";
import { getLocale } from "~/modules/i18n/i18n.server";
import { metaT, useT } from "~/modules/i18n/use-t";
import { ThrottledError } from "~/modules/throttle/spend.server";
import { requestRegistration } from "~/modules/units/registration.server";
import { RegistrationSchema } from "~/modules/units/schema";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("register.title") }];

const HIDE = ["password", "confirmPassword"];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const submission = parseWithZod(await request.formData(), { schema: RegistrationSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: HIDE }), sentTo: null }, { status: 400 });
  }
  try {
    await requestRegistration(submission.value, {
      ip: clientIp(context),
      locale: await getLocale(request),
    });
  } catch (error) {
    if (error instanceof ThrottledError) {
      const message = messageWithParams("register.throttled", { minutes: error.retryAfterMinutes });
      return data(
        { result: submission.reply({ formErrors: [message], hideFields: HIDE }), sentTo: null },
        { status: 429 },
      );
    }
    throw error;
  }
  // The same answer whether the address or the credit code is new or known: the mail tells.
  return data({ result: submission.reply({ resetForm: true }), sentTo: submission.value.contactEmail });
}

export default function RegisterPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow stack">
      <h1>{t("register.title")}</h1>
      {actionData?.sentTo ? (
        <p className="notice ok" role="status">
          {t("register.sent", { email: actionData.sentTo })}
        </p>
      ) : (
        <>
          <p className="lead">{t("register.lead")}</p>
          <RegistrationForm lastResult={actionData?.result} submitLabel="register.submit" />
        </>
      )}
      <p className="muted">
        {t("register.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
