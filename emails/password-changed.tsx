import { Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** Tells the account holder their password was changed (so a stranger's change does not go unseen). */
export type PasswordChangedProps = { name: string; loginUrl: string };

export function passwordChangedSubject(t: Translate): string {
  return t("mail.passwordChanged.subject");
}

export function PasswordChangedEmail(props: PasswordChangedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={passwordChangedSubject(t)}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>{t("mail.passwordChanged.body", { url: props.loginUrl })}</Text>
    </EmailLayout>
  );
}
