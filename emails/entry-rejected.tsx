import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

export type EntryRejectedProps = {
  title: string;
  reference: string;
  editionName: string;
  reason: string;
  entryUrl: string;
};

export function rejectedSubject(t: Translate, props: EntryRejectedProps): string {
  return t("mail.entry.rejected.subject", { reference: props.reference });
}

export function EntryRejectedEmail(props: EntryRejectedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={rejectedSubject(t, props)}>
      <Text>
        {t("mail.entry.rejected.body", {
          title: props.title,
          reference: props.reference,
          edition: props.editionName,
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
