import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/**
 * A unit user invites a colleague to join the unit's account on the portal. The unit and the
 * inviter chose the names in it, and the address: so the subject and the greeting are fixed, and
 * what they typed comes only after them.
 */
export type UnitUserInvitationProps = {
  unitName: string;
  inviterName: string;
  url: string;
  expiresAt: string;
};

export function unitUserInvitationSubject(t: Translate): string {
  return t("invite.mail.unitUser.subject");
}

export function UnitUserInvitationEmail(props: UnitUserInvitationProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={unitUserInvitationSubject(t)}>
      <Text>{t("invite.mail.greeting")}</Text>
      <Text>
        {t("invite.mail.unitUser.body", { inviterName: props.inviterName, unitName: props.unitName })}
      </Text>
      <Button href={props.url} style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}>
        {t("invite.mail.unitUser.action")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.url}</Text>
      <Text>{t("invite.mail.expires", { at: props.expiresAt })}</Text>
    </EmailLayout>
  );
}
