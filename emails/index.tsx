import type { ReactElement } from "react";
import type { Locale, Translate } from "~/modules/i18n/i18n";
// Units: registration, review and invitations.
import {
  RegistrationReceivedEmail,
  type RegistrationReceivedProps,
  registrationReceivedSubject,
} from "./registration-received";
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
  // Units
  "registration-received": RegistrationReceivedProps;
  "unit-approved": UnitApprovedProps;
  "unit-rejected": UnitRejectedProps;
  "unit-invitation": UnitInvitationProps;
  "unit-user-invitation": UnitUserInvitationProps;
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
  // Units
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
};
