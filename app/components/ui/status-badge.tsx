import type { Phase } from "#db/schema/editions";
import type { EntryStatus } from "#db/schema/entries";
import { useT } from "~/modules/i18n/use-t";

export type Tone = "neutral" | "ok" | "info" | "warn" | "danger" | "brand";

/* One tone per meaning, so the same colour always says the same thing across the portal. */
const PHASE_TONES: Record<Phase, Tone> = {
  draft: "neutral",
  open: "ok",
  review: "info",
  judging: "info",
  tallied: "info",
  notice: "warn",
  published: "danger",
  archived: "neutral",
};

const ENTRY_TONES: Record<EntryStatus, Tone> = {
  draft: "neutral",
  submitted: "info",
  returned: "warn",
  accepted: "ok",
  rejected: "danger",
};

export function phaseTone(phase: Phase): Tone {
  return PHASE_TONES[phase];
}

export function entryTone(status: EntryStatus): Tone {
  return ENTRY_TONES[status];
}

/** A coloured label; the words carry the meaning, the colour only helps (colour-blind users, print). */
export function Badge({
  tone = "neutral",
  children,
  className,
}: {
  tone?: Tone;
  children: string;
  className?: string;
}) {
  return (
    <span className={["badge", `tone-${tone}`, className ?? ""].filter(Boolean).join(" ")}>{children}</span>
  );
}

/** The status of an edition (its phase) or of an entry, in the user's language. */
export function StatusBadge(props: { phase: Phase } | { entry: EntryStatus }) {
  const t = useT();
  if ("phase" in props) {
    return (
      <Badge tone={phaseTone(props.phase)} className={`badge-${props.phase}`}>
        {t(`phase.${props.phase}`)}
      </Badge>
    );
  }
  return (
    <Badge tone={entryTone(props.entry)} className={`entry-${props.entry}`}>
      {t(`entry.status.${props.entry}`)}
    </Badge>
  );
}
