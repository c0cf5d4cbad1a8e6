import { Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** Sent to a unit's contact when the organizer rejects its registration, with the reason. */
export type UnitRejectedProps = { name: string; unitName: string; reason: string };

export function unitRejectedSubject(t: Translate): string {
  return t("unit.mail.rejected.subject");
}

export function UnitRejectedEmail(props: UnitRejectedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={t("unit.mail.rejected.subject")}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>{t("unit.mail.rejected.body", { unitName: props.unitName })}</Text>
      <Text>{t("unit.mail.rejected.reason", { reason: props.reason })}</Text>
      <Text>{t("unit.mail.rejected.next")}</Text>
    </EmailLayout>
  );
}
