import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** The link to set a new password (asked for on /forgot-password). */
export type PasswordResetProps = { name: string; url: string; minutes: number };

export function passwordResetSubject(t: Translate): string {
  return t("mail.passwordReset.subject");
}

export function PasswordResetEmail(props: PasswordResetProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={passwordResetSubject(t)}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>{t("mail.passwordReset.body", { minutes: props.minutes })}</Text>
      <Button href={props.url} style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}>
        {t("mail.passwordReset.action")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.url}</Text>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{t("mail.passwordReset.ignore")}</Text>
    </EmailLayout>
  );
}
