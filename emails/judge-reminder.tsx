import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** One reminder per judge with open assignments (sent from the organizer's progress page). */
export type JudgeReminderProps = {
  name: string;
  editionName: string;
  open: number;
  deadline: string;
  url: string;
};

export function judgeReminderSubject(t: Translate, props: JudgeReminderProps): string {
  return t("mail.judgeReminder.subject", { edition: props.editionName });
}

export function JudgeReminderEmail(props: JudgeReminderProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={judgeReminderSubject(t, props)}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>
        {t("mail.judgeReminder.body", {
          edition: props.editionName,
          open: props.open,
          deadline: props.deadline,
        })}
      </Text>
      <Button href={props.url} style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}>
        {t("mail.judgeReminder.action")}
      </Button>
    </EmailLayout>
  );
}
