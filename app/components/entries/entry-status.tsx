import type { EntryStatus } from "#db/schema/entries";
import { useT } from "~/modules/i18n/use-t";

export function EntryStatusBadge({ status }: { status: EntryStatus }) {
  const t = useT();
  return <span className={`badge entry-${status}`}>{t(`entry.status.${status}`)}</span>;
}
