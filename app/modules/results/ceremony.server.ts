import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { editions } from "#db/schema";
import { getUser } from "~/modules/auth/guards.server";
import { formatDateTime } from "~/modules/editions/time";
import { buildSlides, type CeremonyAward, type Slide } from "./ceremony";
import { currentAwards, latestPublication, publicationAwards } from "./publish.server";

type Edition = typeof editions.$inferSelect;

/**
 * Where the ceremony's names come from: the published final list (everyone may look), or, before
 * publication, a rehearsal for organizers with the provisional list or, without one, the tally as
 * it stands.
 */
export type CeremonySource =
  | { kind: "final"; publicationId: number }
  | { kind: "notice"; publicationId: number }
  | { kind: "tally" };

/**
 * Who may open the ceremony screen of an edition: everyone once the final list is out; before
 * that organizers only, as a rehearsal. Everyone else gets 404, so an unpublished ceremony cannot
 * be told apart from a missing one.
 */
export async function ceremonyAccess(request: Request, edition: Edition): Promise<CeremonySource> {
  const final = await latestPublication(edition.id, "final");
  if (final) return { kind: "final", publicationId: final.id };
  const user = await getUser(request);
  if (user?.role !== "organizer") throw new Response("Not Found", { status: 404 });
  const notice = await latestPublication(edition.id, "notice");
  if (notice) return { kind: "notice", publicationId: notice.id };
  return { kind: "tally" };
}

export type Ceremony = {
  edition: { name: string; slug: string };
  source: CeremonySource["kind"];
  rehearsal: boolean;
  slides: Slide[];
};

/** Everything the ceremony page shows, in one piece: the page makes no request after loading. */
export async function loadCeremony(request: Request, slug: string): Promise<Ceremony> {
  const [edition] = await db().select().from(editions).where(eq(editions.slug, slug)).limit(1);
  if (!edition || edition.phase === "draft") throw new Response("Not Found", { status: 404 });
  const source = await ceremonyAccess(request, edition);
  const awards: CeremonyAward[] =
    source.kind === "tally"
      ? await currentAwards(db(), edition.id)
      : await publicationAwards(source.publicationId);
  const date = edition.ceremonyAt ? formatDateTime(edition.ceremonyAt).slice(0, 10) : null;
  return {
    edition: { name: edition.name, slug: edition.slug },
    source: source.kind,
    rehearsal: source.kind !== "final",
    slides: buildSlides({ name: edition.name, organizers: edition.organizers, date }, awards),
  };
}
