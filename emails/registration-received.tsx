import { Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** Sent to the contact person when a unit registers at /register (the organizer reviews it next). */
export type RegistrationReceivedProps = { name: string; unitName: string; creditCode: string };

export function registrationReceivedSubject(t: Translate): string {
  return t("register.mail.subject");
}

export function RegistrationReceivedEmail(
  props: RegistrationReceivedProps & { locale: Locale; t: Translate },
) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={t("register.mail.subject")}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>{t("register.mail.body", { unitName: props.unitName, creditCode: props.creditCode })}</Text>
      <Text>{t("register.mail.next")}</Text>
    </EmailLayout>
  );
}
