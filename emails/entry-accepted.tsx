import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EntryNotice } from "./entry-notice";

/** Sent when an entry passes the eligibility review. */
export type EntryAcceptedProps = { title: string; reference: string; editionName: string; entryUrl: string };

export function acceptedSubject(t: Translate, props: EntryAcceptedProps): string {
  return t("mail.entry.accepted.subject", { reference: props.reference });
}

export function EntryAcceptedEmail(props: EntryAcceptedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  const body = t("mail.entry.accepted.body", {
    title: props.title,
    reference: props.reference,
    edition: props.editionName,
  });
  return <EntryNotice {...props} subject={acceptedSubject(t, props)} body={body} />;
}
