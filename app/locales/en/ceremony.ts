import type { ceremony as zh } from "../zh-CN/ceremony";

/** English: the ceremony screen. Typed against zh-CN so a missing or extra key fails the type check. */
export const ceremony: Record<keyof typeof zh, string> = {
  "ceremony.pageTitle": "{edition} · Awards ceremony",
  "ceremony.ceremony": "Awards ceremony",
  "ceremony.presentedBy": "Presented by",
  "ceremony.categoryLead": "{n} awards",
  "ceremony.continued": "(continued {page}/{pages})",
  "ceremony.noAwards": "No winners list yet",
  "ceremony.closingTitle": "Congratulations to all winners",
  "ceremony.closingThanks": "Thank you to the judges and every participating unit",
  "ceremony.progress": "Step {n} of {total}",
  "ceremony.help": "→ / Space / PageDown next · ← / PageUp back · Home / End · F full screen",
  "ceremony.rehearsal": "Rehearsal: the list is not published yet; organizers only",
  "ceremony.source.notice": "Names from the provisional (notice) list",
  "ceremony.source.tally": "Names from the current tally",
  "ceremony.slides": "Awards ceremony slides",
};
