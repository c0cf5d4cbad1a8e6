import { Button, Text } from "@react-email/components";
import type { Locale, Translate } from "~/modules/i18n/i18n";
import { EmailLayout } from "./layout";

/** Sent to each user of a unit that entered the edition when the final list is published. */
export type ResultsPublishedProps = {
  name: string;
  unitName: string;
  editionName: string;
  awards: { categoryName: string; tierName: string; entryTitle: string }[];
  resultsUrl: string;
};

export function resultsPublishedSubject(t: Translate, props: ResultsPublishedProps): string {
  return t("mail.results.published.subject", { edition: props.editionName });
}

export function ResultsPublishedEmail(props: ResultsPublishedProps & { locale: Locale; t: Translate }) {
  const { t } = props;
  return (
    <EmailLayout locale={props.locale} t={t} preview={resultsPublishedSubject(t, props)}>
      <Text>{t("mail.greeting", { name: props.name })}</Text>
      <Text>{t("mail.results.published.body", { edition: props.editionName, unit: props.unitName })}</Text>
      {props.awards.length === 0 ? (
        <Text>{t("mail.results.published.none")}</Text>
      ) : (
        <>
          <Text>{t("mail.results.published.awards", { count: props.awards.length })}</Text>
          {props.awards.map((a) => (
            <Text key={`${a.categoryName}-${a.entryTitle}`} style={{ margin: "4px 0", paddingLeft: "12px" }}>
              {t("mail.results.published.award", {
                category: a.categoryName,
                tier: a.tierName,
                title: a.entryTitle,
              })}
            </Text>
          ))}
        </>
      )}
      <Button
        href={props.resultsUrl}
        style={{ backgroundColor: "#b91c1c", color: "#fff", padding: "10px 18px" }}
      >
        {t("mail.results.published.action")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#78716c" }}>{props.resultsUrl}</Text>
    </EmailLayout>
  );
}
