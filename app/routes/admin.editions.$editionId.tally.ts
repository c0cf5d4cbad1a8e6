import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { intParam } from "~/modules/http";
import { tallyStream } from "~/modules/tally/stream.server";

/**
 * POST /admin/editions/:id/tally — the tally with its progress streamed as JSON lines, for the
 * results page when scripts run (without them its form posts to the results page itself). Same
 * guard and same rules as that form: organizers only; runTally checks the phase under the lock.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  return tallyStream({ id: user.id, ip: clientIp(context) }, edition, context.log);
}

/** Nothing to show here: the run starts from a post (the results page's button). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
