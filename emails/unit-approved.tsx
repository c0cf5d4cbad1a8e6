import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** Sent to a unit's contact when the organizer approves its registration. */
export type UnitApprovedProps = { name: string; unitName: string; loginUrl: string };

export function unitApprovedSubject(t: Translate): string {
  return t("unit.mail.approved.subject");
}

export function UnitApprovedEmail(props: UnitApprovedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={t("unit.mail.approved.subject")}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>{t("unit.mail.approved.body", { unitName: props.unitName })}</Text>
      <Button
        href={props.loginUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("unit.mail.approved.action")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.loginUrl}</Text>
    </EmailLayout>
  );
}
