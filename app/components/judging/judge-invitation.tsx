import { useT } from "~/modules/i18n/use-t";

/** What /invite/:token tells an invited judge before the name and password form. */
export function JudgeInvitationIntro(props: {
  email: string;
  judge: { editionName: string; title: string; affiliation: string; categories: string[] };
}) {
  const t = useT();
  return (
    <div className="stack">
      <p className="lead">{t("judge.invite.lead", { editionName: props.judge.editionName })}</p>
      <dl className="meta-list">
        <dt>{t("judge.email")}</dt>
        <dd>{props.email}</dd>
        <dt>{t("judge.title")}</dt>
        <dd>{props.judge.title}</dd>
        <dt>{t("judge.affiliation")}</dt>
        <dd>{props.judge.affiliation}</dd>
        <dt>{t("judge.categories")}</dt>
        <dd>{props.judge.categories.join(t("list.separator"))}</dd>
      </dl>
    </div>
  );
}
