import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RegistrationForm } from "~/components/units/registration-form";
import { clientIp } from "~/load-context";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { logIn } from "~/modules/auth/login.server";
import { EmailTakenError } from "~/modules/auth/users.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { metaT, useT } from "~/modules/i18n/use-t";
import { RegistrationSchema } from "~/modules/units/schema";
import { CreditCodeTakenError, registerUnit } from "~/modules/units/units.server";

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
    return data(submission.reply({ hideFields: HIDE }), { status: 400 });
  }
  const ip = clientIp(context);
  try {
    await registerUnit(submission.value, { ip, locale: await getLocale(request) });
  } catch (error) {
    if (error instanceof CreditCodeTakenError) {
      return data(
        submission.reply({ fieldErrors: { creditCode: ["register.creditCodeTaken"] }, hideFields: HIDE }),
        { status: 400 },
      );
    }
    if (error instanceof EmailTakenError) {
      return data(
        submission.reply({ fieldErrors: { contactEmail: ["register.emailTaken"] }, hideFields: HIDE }),
        { status: 400 },
      );
    }
    throw error;
  }
  // Signed in straight away: the unit's page tells them the registration awaits review.
  const login = await logIn({
    email: submission.value.contactEmail,
    password: submission.value.password,
    ip,
  });
  if (!login.ok) return redirect("/login");
  return redirect("/unit", { headers: { "Set-Cookie": login.setCookie } });
}

export default function RegisterPage() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="narrow stack">
      <h1>{t("register.title")}</h1>
      <p className="lead">{t("register.lead")}</p>
      <RegistrationForm lastResult={lastResult} submitLabel="register.submit" />
      <p className="muted">
        {t("register.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
