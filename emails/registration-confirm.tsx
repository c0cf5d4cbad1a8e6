import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/**
 * The link that confirms a registration made at /register. Anyone can type any address into that
 * form, so the message carries no text they typed but the credit code (checked, 18 characters of
 * a fixed alphabet); the unit's name is shown on the page the link opens.
 */
export type RegistrationConfirmProps = { creditCode: string; url: string; expiresAt: string };

export function registrationConfirmSubject(t: Translate): string {
  return t("register.mail.confirm.subject");
}

export function RegistrationConfirmEmail(props: RegistrationConfirmProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={registrationConfirmSubject(t)}>
      <Text>{t("invite.mail.greeting")}</Text>
      <Text>{t("register.mail.confirm.body", { creditCode: props.creditCode })}</Text>
      <Button href={props.url} style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}>
        {t("register.mail.confirm.action")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.url}</Text>
      <Text>{t("invite.mail.expires", { at: props.expiresAt })}</Text>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{t("register.mail.ignore")}</Text>
    </EmailLayout>
  );
}
