import type { Phase } from "#db/schema/editions";
import { PHASES } from "#db/schema/editions";

/*
 * The header shows which edition a page is about. Convention: such a route exports
 * `handle = editionHandle` and its loader returns `edition: { id, name, phase }`.
 */
export const editionHandle = { edition: true } as const;

export type EditionContext = { id: number; name: string; phase: Phase };

type MatchLike = { handle?: unknown; data?: unknown };

/** The edition of the deepest route that declares one, if any. */
export function editionFromMatches(matches: readonly MatchLike[]): EditionContext | null {
  for (const match of [...matches].reverse()) {
    const handle = match.handle as { edition?: unknown } | undefined;
    if (!handle?.edition) continue;
    const edition = (match.data as { edition?: Partial<EditionContext> } | null | undefined)?.edition;
    if (
      edition &&
      typeof edition.id === "number" &&
      typeof edition.name === "string" &&
      (PHASES as readonly string[]).includes(edition.phase ?? "")
    ) {
      return edition as EditionContext;
    }
  }
  return null;
}
