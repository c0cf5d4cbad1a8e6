import type { ReactElement } from "react";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { TestMessageEmail, type TestMessageProps, testMessageSubject } from "./test-message";
import { WelcomeEmail, type WelcomeProps, welcomeSubject } from "./welcome";

/** Every message the portal sends, by name, with the props its template needs. */
export type Templates = {
  welcome: WelcomeProps;
  "test-message": TestMessageProps;
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
};
