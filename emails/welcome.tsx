import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** Sent when an account is created for someone (by an organizer or the user:create command). */
export type WelcomeProps = { name: string; email: string; role: string; loginUrl: string };

export function welcomeSubject(t: Translate): string {
  return t("mail.welcome.subject");
}

export function WelcomeEmail(props: WelcomeProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={t("mail.welcome.subject")}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>{t("mail.welcome.body", { email: props.email, role: props.role })}</Text>
      <Button
        href={props.loginUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("mail.welcome.action")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.loginUrl}</Text>
    </EmailLayout>
  );
}
