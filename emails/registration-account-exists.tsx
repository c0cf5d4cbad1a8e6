import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/**
 * Sent instead of a confirmation link when someone registers at /register with an address that
 * has an account: the page answers the same either way, and the owner learns of the attempt here.
 */
export type RegistrationAccountExistsProps = { loginUrl: string; resetUrl: string };

export function registrationAccountExistsSubject(t: Translate): string {
  return t("register.mail.accountExists.subject");
}

export function RegistrationAccountExistsEmail(
  props: RegistrationAccountExistsProps & { locale: Locale; t: Translate },
) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={registrationAccountExistsSubject(t)}>
      <Text>{t("invite.mail.greeting")}</Text>
      <Text>{t("register.mail.accountExists.body")}</Text>
      <Button
        href={props.loginUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("register.mail.accountExists.login")}
      </Button>
      <Text>{t("register.mail.accountExists.reset", { url: props.resetUrl })}</Text>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{t("register.mail.accountExists.ignore")}</Text>
    </EmailLayout>
  );
}
