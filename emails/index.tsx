import type { ReactElement } from "react";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { acceptedSubject, EntryAcceptedEmail, type EntryAcceptedProps } from "./entry-accepted";
import { EntryReceiptEmail, type EntryReceiptProps, receiptSubject } from "./entry-receipt";
import { EntryRejectedEmail, type EntryRejectedProps, rejectedSubject } from "./entry-rejected";
import { EntryReturnedEmail, type EntryReturnedProps, returnedSubject } from "./entry-returned";
import { JudgeInvitationEmail, type JudgeInvitationProps, judgeInvitationSubject } from "./judge-invitation";
import { JudgeReminderEmail, type JudgeReminderProps, judgeReminderSubject } from "./judge-reminder";
import {
  ObjectionDecidedEmail,
  type ObjectionDecidedProps,
  objectionDecidedSubject,
} from "./objection-decided";
import { PasswordChangedEmail, type PasswordChangedProps, passwordChangedSubject } from "./password-changed";
import { PasswordResetEmail, type PasswordResetProps, passwordResetSubject } from "./password-reset";
import {
  PasswordResetUnknownEmail,
  type PasswordResetUnknownProps,
  passwordResetUnknownSubject,
} from "./password-reset-unknown";
// Units: registration, review and invitations.
import {
  RegistrationAccountExistsEmail,
  type RegistrationAccountExistsProps,
  registrationAccountExistsSubject,
} from "./registration-account-exists";
import {
  RegistrationConfirmEmail,
  type RegistrationConfirmProps,
  registrationConfirmSubject,
} from "./registration-confirm";
import {
  RegistrationReceivedEmail,
  type RegistrationReceivedProps,
  registrationReceivedSubject,
} from "./registration-received";
import {
  RegistrationUnitExistsEmail,
  type RegistrationUnitExistsProps,
  registrationUnitExistsSubject,
} from "./registration-unit-exists";
import {
  ResultsPublishedEmail,
  type ResultsPublishedProps,
  resultsPublishedSubject,
} from "./results-published";
import { TestMessageEmail, type TestMessageProps, testMessageSubject } from "./test-message";
import { UnitApprovedEmail, type UnitApprovedProps, unitApprovedSubject } from "./unit-approved";
import { UnitInvitationEmail, type UnitInvitationProps, unitInvitationSubject } from "./unit-invitation";
import { UnitRejectedEmail, type UnitRejectedProps, unitRejectedSubject } from "./unit-rejected";
import {
  UnitUserInvitationEmail,
  type UnitUserInvitationProps,
  unitUserInvitationSubject,
} from "./unit-user-invitation";
import { WelcomeEmail, type WelcomeProps, welcomeSubject } from "./welcome";

/** Every message the portal sends, by name, with the props its template needs. */
export type Templates = {
  welcome: WelcomeProps;
  "test-message": TestMessageProps;
  // accounts
  "password-reset": PasswordResetProps;
  "password-reset-unknown": PasswordResetUnknownProps;
  "password-changed": PasswordChangedProps;
  // judging
  "judge-reminder": JudgeReminderProps;
  // entries
  "entry-receipt": EntryReceiptProps;
  "entry-returned": EntryReturnedProps;
  "entry-accepted": EntryAcceptedProps;
  "entry-rejected": EntryRejectedProps;
  // Units
  "registration-confirm": RegistrationConfirmProps;
  "registration-account-exists": RegistrationAccountExistsProps;
  "registration-unit-exists": RegistrationUnitExistsProps;
  "registration-received": RegistrationReceivedProps;
  "unit-approved": UnitApprovedProps;
  "unit-rejected": UnitRejectedProps;
  "unit-invitation": UnitInvitationProps;
  "unit-user-invitation": UnitUserInvitationProps;
  // Judges
  "judge-invitation": JudgeInvitationProps;
  // Results
  "results-published": ResultsPublishedProps;
  "objection-decided": ObjectionDecidedProps;
};
export type TemplateName = keyof Templates;

/**
 * Messages that a visitor or a unit can have sent to an address of their choosing. What the sender
 * typed must stay out of their subject and greeting (the lines a mailbox shows first), or the
 * portal would carry a stranger's words under its name; tests/modules/mail/mail.db.test.ts renders
 * each with every text it takes set to a marker.
 */
export const SENT_TO_CHOSEN_ADDRESSES = [
  "registration-confirm",
  "registration-account-exists",
  "registration-unit-exists",
  "password-reset-unknown",
  "unit-user-invitation",
] as const satisfies readonly TemplateName[];

type Base = { locale: Locale; t: Translate };

export const templates: {
  [K in TemplateName]: {
    subject: (t: Translate, props: Templates[K]) => string;
    element: (props: Templates[K] & Base) => ReactElement;
  };
} = {
  welcome: { subject: welcomeSubject, element: (p) => <WelcomeEmail {...p} /> },
  "test-message": { subject: testMessageSubject, element: (p) => <TestMessageEmail {...p} /> },
  // accounts
  "password-reset": { subject: passwordResetSubject, element: (p) => <PasswordResetEmail {...p} /> },
  "password-reset-unknown": {
    subject: passwordResetUnknownSubject,
    element: (p) => <PasswordResetUnknownEmail {...p} />,
  },
  "password-changed": { subject: passwordChangedSubject, element: (p) => <PasswordChangedEmail {...p} /> },
  // judging
  "judge-reminder": { subject: judgeReminderSubject, element: (p) => <JudgeReminderEmail {...p} /> },
  // entries
  "entry-receipt": { subject: receiptSubject, element: (p) => <EntryReceiptEmail {...p} /> },
  "entry-returned": { subject: returnedSubject, element: (p) => <EntryReturnedEmail {...p} /> },
  "entry-accepted": { subject: acceptedSubject, element: (p) => <EntryAcceptedEmail {...p} /> },
  "entry-rejected": { subject: rejectedSubject, element: (p) => <EntryRejectedEmail {...p} /> },
  // Units
  "registration-confirm": {
    subject: registrationConfirmSubject,
    element: (p) => <RegistrationConfirmEmail {...p} />,
  },
  "registration-account-exists": {
    subject: registrationAccountExistsSubject,
    element: (p) => <RegistrationAccountExistsEmail {...p} />,
  },
  "registration-unit-exists": {
    subject: registrationUnitExistsSubject,
    element: (p) => <RegistrationUnitExistsEmail {...p} />,
  },
  "registration-received": {
    subject: registrationReceivedSubject,
    element: (p) => <RegistrationReceivedEmail {...p} />,
  },
  "unit-approved": { subject: unitApprovedSubject, element: (p) => <UnitApprovedEmail {...p} /> },
  "unit-rejected": { subject: unitRejectedSubject, element: (p) => <UnitRejectedEmail {...p} /> },
  "unit-invitation": { subject: unitInvitationSubject, element: (p) => <UnitInvitationEmail {...p} /> },
  "unit-user-invitation": {
    subject: unitUserInvitationSubject,
    element: (p) => <UnitUserInvitationEmail {...p} />,
  },
  // Judges
  "judge-invitation": { subject: judgeInvitationSubject, element: (p) => <JudgeInvitationEmail {...p} /> },
  // Results
  "results-published": { subject: resultsPublishedSubject, element: (p) => <ResultsPublishedEmail {...p} /> },
  "objection-decided": { subject: objectionDecidedSubject, element: (p) => <ObjectionDecidedEmail {...p} /> },
};
