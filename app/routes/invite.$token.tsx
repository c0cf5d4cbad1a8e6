import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors } from "~/components/field";
import { JudgeInvitationIntro } from "~/components/judging/judge-invitation";
import { RegistrationForm } from "~/components/units/registration-form";
import { clientIp } from "~/load-context";
import { logIn } from "~/modules/auth/login.server";
import { openSession } from "~/modules/auth/two-factor.server";
import { EmailTakenError } from "~/modules/auth/users.server";
import { formatDateTime } from "~/modules/editions/time";
import type { Locale, MessageKey } from "~/modules/i18n/i18n";
import { getLocale } from "~/modules/i18n/i18n.server";
import { useT } from "~/modules/i18n/use-t";
import { acceptJudgeInvitation, judgeInvitationView } from "~/modules/judging/judges.server";
import {
  acceptJoinInvitation,
  acceptRegistrationInvitation,
  findInvitation,
  type InvitationLookup,
  InvitationUnusableError,
} from "~/modules/units/invitations.server";
import { confirmRegistration, pendingRegistrationView } from "~/modules/units/registration.server";
import { AcceptInvitationSchema, InvitedRegistrationSchema, PASSWORD_MIN } from "~/modules/units/schema";
import { CreditCodeTakenError } from "~/modules/units/units.server";

/*
 * /invite/:token accepts every kind of invitation. Each kind has its own form:
 *  - 'unit' without a unit: the organizer invited a unit to register (the unit is approved on
 *    acceptance);
 *  - 'unit' with a unit: an imported unit's contact sets a password;
 *  - 'unit-user': a colleague joins an existing unit;
 *  - 'judge': an invited judge sets a name and password and lands on /judge;
 *  - 'registration': the link mailed by /register; confirming it creates the pending unit and its
 *    user with what the form held, and signs them in.
 */

type InviteForm = "register" | "join" | "judge" | "confirm";

function formFor(lookup: InvitationLookup): InviteForm | null {
  const { kind, unitId } = lookup.invitation;
  if (kind === "unit") return unitId === null ? "register" : "join";
  if (kind === "unit-user") return "join";
  if (kind === "judge") return "judge";
  if (kind === "registration") return "confirm";
  return null;
}

async function lookUp(params: Record<string, string | undefined>) {
  const lookup = await findInvitation(params.token ?? "");
  const form = lookup ? formFor(lookup) : null;
  if (!lookup || !form) throw new Response("Not Found", { status: 404 });
  return { lookup, form };
}

export async function loader({ params }: LoaderFunctionArgs) {
  // Anyone holding the link may accept it; the token is the credential.
  const { lookup, form } = await lookUp(params);
  const view = {
    state: lookup.state,
    form,
    kind: lookup.invitation.kind,
    email: lookup.invitation.email,
    name: lookup.invitation.name,
    unitName: lookup.unitName,
    expiresAt: formatDateTime(lookup.invitation.expiresAt),
    judge: form === "judge" ? await judgeInvitationView(lookup.invitation) : null,
    registration: form === "confirm" ? pendingRegistrationView(lookup.invitation) : null,
  };
  return data(view, { status: lookup.state === "open" ? 200 : 410 });
}

const HIDE = ["password", "confirmPassword"];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { form } = await lookUp(params);
  const token = params.token ?? "";
  const formData = await request.formData();
  const meta = { ip: clientIp(context), locale: await getLocale(request) };
  if (form === "confirm") return confirm(token, formData, meta);
  const schema = form === "register" ? InvitedRegistrationSchema : AcceptInvitationSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: HIDE }), { status: 400 });
  let email: string;
  try {
    email =
      form === "register"
        ? (
            await acceptRegistrationInvitation(
              token,
              submission.value as z.output<typeof InvitedRegistrationSchema>,
              meta,
            )
          ).email
        : (
            await (form === "judge" ? acceptJudgeInvitation : acceptJoinInvitation)(
              token,
              submission.value as z.output<typeof AcceptInvitationSchema>,
              meta,
            )
          ).email;
  } catch (error) {
    if (error instanceof InvitationUnusableError) {
      const message = error.reason === "used" ? "invite.used" : "invite.expired";
      return data(submission.reply({ formErrors: [message], hideFields: HIDE }), { status: 410 });
    }
    if (error instanceof CreditCodeTakenError) {
      return data(
        submission.reply({ fieldErrors: { creditCode: ["register.creditCodeTaken"] }, hideFields: HIDE }),
        { status: 400 },
      );
    }
    if (error instanceof EmailTakenError) {
      return data(submission.reply({ formErrors: ["invite.emailTaken"], hideFields: HIDE }), { status: 409 });
    }
    throw error;
  }
  const password = String(formData.get("password") ?? "");
  const login = await logIn({ email, password, ip: meta.ip });
  if (!login.ok) return redirect("/login");
  return redirect(form === "judge" ? "/judge" : "/unit", { headers: { "Set-Cookie": login.setCookie } });
}

/** Confirms a registration made at /register, then signs its new user in. */
async function confirm(token: string, formData: FormData, meta: { ip: string; locale: Locale }) {
  // The confirmation has no fields; the submission only carries the form-level messages.
  const submission = parseWithZod(formData, { schema: z.object({}) });
  const refuse = (message: MessageKey, status: number) =>
    data(submission.reply({ formErrors: [message] }), { status });
  try {
    const { userId } = await confirmRegistration(token, meta);
    return redirect("/unit", { headers: { "Set-Cookie": await openSession(userId) } });
  } catch (error) {
    if (error instanceof InvitationUnusableError) {
      return refuse(error.reason === "used" ? "invite.used" : "invite.expired", 410);
    }
    if (error instanceof CreditCodeTakenError) return refuse("register.creditCodeTaken", 409);
    if (error instanceof EmailTakenError) return refuse("invite.emailTaken", 409);
    throw error;
  }
}

function ConfirmForm(props: { lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const [form] = useForm({ lastResult: props.lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors errors={form.errors} />
      <button type="submit" className="button primary">
        {t("register.confirm.submit")}
      </button>
    </Form>
  );
}

function JoinForm(props: { lastResult: SubmissionResult<string[]> | undefined; name: string }) {
  const t = useT();
  const [form, fields] = useForm<z.output<typeof AcceptInvitationSchema>>({
    lastResult: props.lastResult,
    defaultValue: { name: props.name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptInvitationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors errors={form.errors} />
      <Field
        label={t("invite.yourName")}
        htmlFor={fields.name.id}
        errorId={fields.name.errorId}
        errors={fields.name.errors}
      >
        <input {...getInputProps(fields.name, { type: "text" })} autoComplete="name" />
      </Field>
      <Field
        label={t("register.password")}
        htmlFor={fields.password.id}
        errorId={fields.password.errorId}
        errors={fields.password.errors}
        help={t("register.passwordHelp", { min: PASSWORD_MIN })}
      >
        <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
      </Field>
      <Field
        label={t("register.confirmPassword")}
        htmlFor={fields.confirmPassword.id}
        errorId={fields.confirmPassword.errorId}
        errors={fields.confirmPassword.errors}
      >
        <input {...getInputProps(fields.confirmPassword, { type: "password" })} autoComplete="new-password" />
      </Field>
      <button type="submit" className="button primary">
        {t("invite.accept")}
      </button>
    </Form>
  );
}

export default function InvitationPage() {
  const invitation = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  if (invitation.state !== "open") {
    return (
      <section className="narrow card stack">
        <h1>{t("invite.title")}</h1>
        <p className="notice">{t(invitation.state === "used" ? "invite.used" : "invite.expired")}</p>
        <p>
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow stack">
      <h1>{t(invitation.form === "confirm" ? "register.confirm.title" : "invite.title")}</h1>
      {invitation.form === "confirm" ? (
        <>
          <p className="lead">
            {t("register.confirm.lead", {
              unitName: invitation.registration?.unitName ?? "",
              creditCode: invitation.registration?.creditCode ?? "",
              email: invitation.email,
            })}
          </p>
          <ConfirmForm lastResult={lastResult} />
        </>
      ) : invitation.form === "register" ? (
        <>
          <p className="lead">{t("invite.registerLead")}</p>
          <RegistrationForm
            lastResult={lastResult}
            fixedEmail={invitation.email}
            submitLabel="invite.registerSubmit"
          />
        </>
      ) : invitation.judge ? (
        <>
          <JudgeInvitationIntro email={invitation.email} judge={invitation.judge} />
          <JoinForm lastResult={lastResult} name={invitation.name} />
        </>
      ) : (
        <>
          <p className="lead">
            {t("invite.joinLead", { unitName: invitation.unitName ?? "", email: invitation.email })}
          </p>
          <JoinForm lastResult={lastResult} name={invitation.name} />
        </>
      )}
      <p className="muted">{t("invite.expiresAt", { at: invitation.expiresAt })}</p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
