import type { ReactElement } from "react";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { acceptedSubject, EntryAcceptedEmail, type EntryAcceptedProps } from "./entry-accepted";
import { EntryReceiptEmail, type EntryReceiptProps, receiptSubject } from "./entry-receipt";
import { EntryRejectedEmail, type EntryRejectedProps, rejectedSubject } from "./entry-rejected";
import { EntryReturnedEmail, type EntryReturnedProps, returnedSubject } from "./entry-returned";
import { TestMessageEmail, type TestMessageProps, testMessageSubject } from "./test-message";
import { WelcomeEmail, type WelcomeProps, welcomeSubject } from "./welcome";

/** Every message the portal sends, by name, with the props its template needs. */
export type Templates = {
  welcome: WelcomeProps;
  "test-message": TestMessageProps;
  // entries
  "entry-receipt": EntryReceiptProps;
  "entry-returned": EntryReturnedProps;
  "entry-accepted": EntryAcceptedProps;
  "entry-rejected": EntryRejectedProps;
};
export type TemplateName = keyof Templates;

type Base = { locale: Locale; t: Translate };

export const templates: {
  [K in TemplateName]: {
    subject: (t: Translate, props: Templates[K]) => string;
    element: (props: Templates[K] & Base) => ReactElement;
  };
} = {
  welcome: { subject: welcomeSubject, element: (p) => <WelcomeEmail {...p} /> },
  "test-message": { subject: testMessageSubject, element: (p) => <TestMessageEmail {...p} /> },
  // entries
  "entry-receipt": { subject: receiptSubject, element: (p) => <EntryReceiptEmail {...p} /> },
  "entry-returned": { subject: returnedSubject, element: (p) => <EntryReturnedEmail {...p} /> },
  "entry-accepted": { subject: acceptedSubject, element: (p) => <EntryAcceptedEmail {...p} /> },
  "entry-rejected": { subject: rejectedSubject, element: (p) => <EntryRejectedEmail {...p} /> },
};
