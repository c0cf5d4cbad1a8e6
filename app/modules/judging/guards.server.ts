import type { User } from "lucia";
import { requireJudge } from "~/modules/auth/guards.server";
import { assignmentForJudge } from "./sheets.server";

/**
 * A judge and one of their own assignments, with everything its page shows. Another judge's
 * assignment is 404 (not 403), so ids cannot be probed.
 */
export async function requireAssignment(
  request: Request,
  assignmentId: number,
): Promise<{ user: User; view: Awaited<ReturnType<typeof assignmentForJudge>> }> {
  const user = await requireJudge(request);
  return { user, view: await assignmentForJudge(user.id, assignmentId) };
}
