import type { EntryStatus } from "#db/schema/entries";
import { StatusBadge } from "~/components/ui/status-badge";

export function EntryStatusBadge({ status }: { status: EntryStatus }) {
  return <StatusBadge entry={status} />;
}
