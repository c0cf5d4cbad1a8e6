import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

export type EntryAcceptedProps = { title: string; reference: string; editionName: string; entryUrl: string };

export function acceptedSubject(t: Translate, props: EntryAcceptedProps): string {
  return t("mail.entry.accepted.subject", { reference: props.reference });
}

export function EntryAcceptedEmail(props: EntryAcceptedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={acceptedSubject(t, props)}>
      <Text>
        {t("mail.entry.accepted.body", {
          title: props.title,
          reference: props.reference,
          edition: props.editionName,
        })}
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
