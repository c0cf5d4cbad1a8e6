import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EntryNotice } from "./entry-notice";

/** Sent when an entry does not pass the eligibility review, with the reason. */
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
  const body = t("mail.entry.rejected.body", {
    title: props.title,
    reference: props.reference,
    edition: props.editionName,
  });
  return <EntryNotice {...props} subject={rejectedSubject(t, props)} body={body} />;
}
