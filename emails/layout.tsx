import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { Locale, Translate } from "~/modules/i18n/i18n";

/** The frame every message shares: the portal's name, the content, and a footer. */
export function EmailLayout(props: { locale: Locale; t: Translate; preview: string; children: ReactNode }) {
  return (
    <Html lang={props.locale}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={{ backgroundColor: "#f5f5f4", fontFamily: "'PingFang SC','Microsoft YaHei',sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ fontSize: "18px", fontWeight: 700, color: "#b91c1c" }}>{props.t("app.name")}</Text>
          <Section>{props.children}</Section>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.t("mail.footer")}</Text>
        </Container>
      </Body>
    </Html>
  );
}
