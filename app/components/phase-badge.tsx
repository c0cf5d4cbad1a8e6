import type { Phase } from "#db/schema/editions";
import { StatusBadge } from "~/components/ui/status-badge";

export function PhaseBadge({ phase }: { phase: Phase }) {
  return <StatusBadge phase={phase} />;
}
