import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

export type EntryReceiptProps = {
  title: string;
  reference: string;
  editionName: string;
  categoryName: string;
  submittedAt: string;
  entryUrl: string;
};

export function receiptSubject(t: Translate, props: EntryReceiptProps): string {
  return t("mail.entry.receipt.subject", { reference: props.reference });
}

export function EntryReceiptEmail(props: EntryReceiptProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={receiptSubject(t, props)}>
      <Text>
        {t("mail.entry.receipt.body", {
          title: props.title,
          reference: props.reference,
          edition: props.editionName,
          category: props.categoryName,
          at: props.submittedAt,
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
