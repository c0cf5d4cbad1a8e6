import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

export type EntryReturnedProps = {
  title: string;
  reference: string;
  editionName: string;
  reason: string;
  deadline: string;
  entryUrl: string;
};

export function returnedSubject(t: Translate, props: EntryReturnedProps): string {
  return t("mail.entry.returned.subject", { reference: props.reference });
}

export function EntryReturnedEmail(props: EntryReturnedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={returnedSubject(t, props)}>
      <Text>
        {t("mail.entry.returned.body", {
          title: props.title,
          reference: props.reference,
          deadline: props.deadline,
        })}
      </Text>
      <Text style={{ whiteSpace: "pre-wrap", borderLeft: "3px solid #b91c1c", paddingLeft: "8px" }}>
        {props.reason}
      </Text>
      <Button
        href={props.entryUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("mail.entry.open")}
      </Button>
    </EmailLayout>
  );
}
