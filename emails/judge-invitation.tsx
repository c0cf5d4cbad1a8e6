import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/**
 * An organizer invites a judge to an edition's panels. A new judge gets a link to set a password
 * (used once, expiring); a judge who already has an account (existing: true) is told to log in.
 */
export type JudgeInvitationProps = {
  name: string;
  title: string;
  editionName: string;
  /** The categories the judge will judge, joined for reading. */
  categories: string;
  url: string;
  /** When the link expires (empty for an existing judge). */
  expiresAt: string;
  existing: boolean;
};

export function judgeInvitationSubject(t: Translate, props: JudgeInvitationProps): string {
  return t("judge.mail.subject", { editionName: props.editionName });
}

export function JudgeInvitationEmail(props: JudgeInvitationProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={judgeInvitationSubject(t, props)}>
      <Text>{t("judge.mail.greeting", { name: props.name, title: props.title })}</Text>
      <Text>{t("judge.mail.body", { editionName: props.editionName })}</Text>
      <Text>{t("judge.mail.categories", { categories: props.categories })}</Text>
      <Text>{props.existing ? t("judge.mail.existing") : t("judge.mail.setPassword")}</Text>
      <Button href={props.url} style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}>
        {props.existing ? t("judge.mail.login") : t("judge.mail.accept")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.url}</Text>
      {props.existing ? null : <Text>{t("invite.mail.expires", { at: props.expiresAt })}</Text>}
    </EmailLayout>
  );
}
