import { idQuery } from "~/modules/http";
import type { AuditFilter } from "./audit.server";

/** The audit page's filters from its address (?edition=&actor=&subject=&action=). */
export function auditFilter(request: Request): AuditFilter {
  const q = new URL(request.url).searchParams;
  return {
    editionId: idQuery(request, "edition"),
    actorId: q.get("actor")?.trim() || undefined,
    subject: q.get("subject")?.trim() || undefined,
    action: q.get("action")?.trim() || undefined,
  };
}
