import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/**
 * An organizer's invitation: either to register a unit (imported: false), or, for a unit the
 * organizer imported, for its contact to set a password (imported: true).
 */
export type UnitInvitationProps = {
  name: string;
  unitName: string;
  url: string;
  expiresAt: string;
  imported: boolean;
};

export function unitInvitationSubject(t: Translate, props: UnitInvitationProps): string {
  return props.imported ? t("invite.mail.imported.subject") : t("invite.mail.unit.subject");
}

export function UnitInvitationEmail(props: UnitInvitationProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={unitInvitationSubject(t, props)}>
      <Text>{props.name ? t("mail.greeting", { name: props.name }) : t("invite.mail.greeting")}</Text>
      <Text>
        {props.imported
          ? t("invite.mail.imported.body", { unitName: props.unitName })
          : t("invite.mail.unit.body")}
      </Text>
      <Button href={props.url} style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}>
        {props.imported ? t("invite.mail.imported.action") : t("invite.mail.unit.action")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.url}</Text>
      <Text>{t("invite.mail.expires", { at: props.expiresAt })}</Text>
    </EmailLayout>
  );
}
