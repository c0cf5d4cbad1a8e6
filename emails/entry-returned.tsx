import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EntryNotice } from "./entry-notice";

/** Sent when the organizer returns an entry for revision, with the reason and the deadline. */
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
  const body = t("mail.entry.returned.body", {
    title: props.title,
    reference: props.reference,
    deadline: props.deadline,
  });
  return <EntryNotice {...props} subject={returnedSubject(t, props)} body={body} />;
}
