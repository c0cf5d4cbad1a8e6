import { Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** An organizer checks that outgoing mail works (the button on the mail page). */
export type TestMessageProps = { name: string; sentAt: string; appUrl: string };

export function testMessageSubject(t: Translate): string {
  return t("mail.test.subject");
}

export function TestMessageEmail(props: TestMessageProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={t("mail.test.subject")}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>{t("mail.test.body", { sentAt: props.sentAt, appUrl: props.appUrl })}</Text>
    </EmailLayout>
  );
}
