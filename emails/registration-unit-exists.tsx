import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/**
 * Sent instead of a confirmation link when the credit code typed at /register belongs to a unit
 * that is registered already. The page answers the same as for a new unit; only the mailbox's
 * owner learns that the unit exists (not its name or its users), and how to join it.
 */
export type RegistrationUnitExistsProps = { creditCode: string; loginUrl: string };

export function registrationUnitExistsSubject(t: Translate): string {
  return t("register.mail.unitExists.subject");
}

export function RegistrationUnitExistsEmail(
  props: RegistrationUnitExistsProps & { locale: Locale; t: Translate },
) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={registrationUnitExistsSubject(t)}>
      <Text>{t("invite.mail.greeting")}</Text>
      <Text>{t("register.mail.unitExists.body", { creditCode: props.creditCode })}</Text>
      <Text>{t("register.mail.unitExists.next")}</Text>
      <Button
        href={props.loginUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("register.mail.unitExists.login")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{t("register.mail.ignore")}</Text>
    </EmailLayout>
  );
}
