import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** Sent to the person who raised an objection, when the organizer decides it (if they left an email). */
export type ObjectionDecidedProps = {
  name: string;
  editionName: string;
  entryTitle: string;
  upheld: boolean;
  reply: string;
  noticeUrl: string;
};

export function objectionDecidedSubject(t: Translate, props: ObjectionDecidedProps): string {
  return t("mail.results.objection.subject", { edition: props.editionName });
}

export function ObjectionDecidedEmail(props: ObjectionDecidedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={objectionDecidedSubject(t, props)}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>
        {t(props.upheld ? "mail.results.objection.upheld" : "mail.results.objection.dismissed", {
          edition: props.editionName,
          title: props.entryTitle,
        })}
      </Text>
      <Text style={{ whiteSpace: "pre-wrap", borderLeft: "3px solid #b91c1c", paddingLeft: "8px" }}>
        {props.reply}
      </Text>
      <Button
        href={props.noticeUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("mail.results.objection.action")}
      </Button>
    </EmailLayout>
  );
}
