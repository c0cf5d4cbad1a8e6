import type { Phase } from "#db/schema/editions";
import { useT } from "~/modules/i18n/use-t";

export function PhaseBadge({ phase }: { phase: Phase }) {
  const t = useT();
  return <span className={`badge badge-${phase}`}>{t(`phase.${phase}`)}</span>;
}
