import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EntryNotice } from "./entry-notice";

/** Sent when a unit submits an entry: its reference and when it was received. */
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
  const body = t("mail.entry.receipt.body", {
    title: props.title,
    reference: props.reference,
    edition: props.editionName,
    category: props.categoryName,
    at: props.submittedAt,
  });
  return <EntryNotice {...props} subject={receiptSubject(t, props)} body={body} />;
}
