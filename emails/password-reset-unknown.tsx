import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/**
 * The answer to a reset request for an address without an account. Sent so that a request takes
 * the same work and time whichever the address (the page says the same either way); it carries
 * no text anyone typed.
 */
export type PasswordResetUnknownProps = { registerUrl: string };

export function passwordResetUnknownSubject(t: Translate): string {
  return t("mail.passwordReset.subject");
}

export function PasswordResetUnknownEmail(
  props: PasswordResetUnknownProps & { locale: Locale; t: Translate },
) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={passwordResetUnknownSubject(t)}>
      <Text>{t("invite.mail.greeting")}</Text>
      <Text>{t("mail.passwordResetUnknown.body")}</Text>
      <Button
        href={props.registerUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("mail.passwordResetUnknown.action")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.registerUrl}</Text>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{t("mail.passwordReset.ignore")}</Text>
    </EmailLayout>
  );
}
