import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** The frame of the messages about one entry: a sentence, the organizer's reason if any, a link. */
export function EntryNotice(props: {
  locale: Locale;
  t: Translate;
  subject: string;
  body: string;
  reason?: string;
  entryUrl: string;
}) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={props.subject}>
      <Text>{props.body}</Text>
      {props.reason ? (
        <Text style={{ whiteSpace: "pre-wrap", borderLeft: "3px solid #b91c1c", paddingLeft: "8px" }}>
          {props.reason}
        </Text>
      ) : null}
      <Button
        href={props.entryUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("mail.entry.open")}
      </Button>
    </EmailLayout>
  );
}
