/*
 * The ceremony screen as data: the award list (already in list order) turned into slides, and the
 * slides into numbered steps. One step is one press of the presenter's clicker; the step number is
 * what the page keeps in its address (#12), so a reload lands on the same place.
 *
 * A tier with many winners is split over several slides so that every name stays large enough to
 * read from the back of a hall; each winner appears on its own step.
 */

/** Winners per slide: at 1920×1080 with names at ≥ 56 px, five rows still leave room to breathe. */
export const WINNERS_PER_SLIDE = 5;

export type CeremonyAward = {
  categoryId: number;
  categoryName: string;
  categoryKind: string;
  tierId: number | null;
  tierName: string;
  position: number;
  unitName: string;
  entryTitle: string;
  accountName: string;
};

export type CeremonyWinner = {
  /** The line read out: the account's name in an account category, else the entry's title. */
  name: string;
  unitName: string;
};

export type Slide =
  | { kind: "title"; editionName: string; organizers: string[]; date: string | null }
  | { kind: "category"; categoryName: string; tierNames: string[]; winnerCount: number }
  | {
      kind: "tier";
      categoryName: string;
      tierName: string;
      winners: CeremonyWinner[];
      /** 1 and up when the tier continues from the previous slide. */
      page: number;
      pages: number;
      /** Winners shown on the slide's first step: 0 (the tier's title alone), or 1 on a continuation. */
      revealFrom: number;
    }
  | { kind: "closing"; editionName: string; organizers: string[] };

export type CeremonyEdition = { name: string; organizers: string; date: string | null };

function winnerOf(a: CeremonyAward): CeremonyWinner {
  const name = a.categoryKind === "account" && a.accountName ? a.accountName : a.entryTitle;
  return { name, unitName: a.unitName };
}

/** Groups consecutive items by a key, keeping order (the list is already sorted). */
function runs<T>(items: T[], key: (item: T) => string): T[][] {
  const out: T[][] = [];
  let last: string | undefined;
  for (const item of items) {
    const k = key(item);
    const current = out[out.length - 1];
    if (current && k === last) current.push(item);
    else out.push([item]);
    last = k;
  }
  return out;
}

/**
 * Slides for the awards: the title, then per category a title slide and per tier one or more slides
 * of winners, then the closing slide. Awards are taken in list position order.
 */
export function buildSlides(
  edition: CeremonyEdition,
  awards: CeremonyAward[],
  perSlide = WINNERS_PER_SLIDE,
): Slide[] {
  const organizers = edition.organizers
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
  const slides: Slide[] = [{ kind: "title", editionName: edition.name, organizers, date: edition.date }];
  const sorted = [...awards].sort((a, b) => a.position - b.position);
  for (const category of runs(sorted, (a) => String(a.categoryId))) {
    const first = category[0];
    if (!first) continue;
    const tiers = runs(category, (a) => `${a.tierId ?? ""}:${a.tierName}`);
    slides.push({
      kind: "category",
      categoryName: first.categoryName,
      tierNames: tiers.map((t) => t[0]?.tierName ?? ""),
      winnerCount: category.length,
    });
    for (const tier of tiers) {
      const pages = Math.ceil(tier.length / perSlide);
      for (let p = 0; p < pages; p++) {
        slides.push({
          kind: "tier",
          categoryName: first.categoryName,
          tierName: tier[0]?.tierName ?? "",
          winners: tier.slice(p * perSlide, (p + 1) * perSlide).map(winnerOf),
          page: p + 1,
          pages,
          revealFrom: p === 0 ? 0 : 1,
        });
      }
    }
  }
  slides.push({ kind: "closing", editionName: edition.name, organizers });
  return slides;
}

/** How many clicker presses a slide takes: one per winner, plus the tier's title on its own. */
export function stepsOf(slide: Slide): number {
  return slide.kind === "tier" ? slide.winners.length - slide.revealFrom + 1 : 1;
}

export function totalSteps(slides: Slide[]): number {
  return slides.reduce((n, s) => n + stepsOf(s), 0);
}

/** Step n (0-based, clamped) → the slide it shows and how many of its winners are visible. */
export function frameAt(slides: Slide[], step: number): { slide: number; revealed: number; step: number } {
  const last = Math.max(0, totalSteps(slides) - 1);
  const clamped = Math.min(Math.max(0, Math.trunc(step) || 0), last);
  let start = 0;
  for (let i = 0; i < slides.length; i++) {
    const slide = slides[i] as Slide;
    const steps = stepsOf(slide);
    if (clamped < start + steps) {
      const revealed = slide.kind === "tier" ? slide.revealFrom + (clamped - start) : 0;
      return { slide: i, revealed, step: clamped };
    }
    start += steps;
  }
  return { slide: Math.max(0, slides.length - 1), revealed: 0, step: clamped };
}

/** The address fragment for a step: "#1" is the first (people count from one). */
export function hashOf(step: number): string {
  return `#${step + 1}`;
}

/** The step a fragment points at; anything unreadable is the first step. */
export function stepOfHash(hash: string): number {
  const m = /^#?(\d{1,6})$/.exec(hash);
  return m ? Math.max(0, Number(m[1]) - 1) : 0;
}

export type CeremonyKey = "next" | "previous" | "first" | "last" | "fullscreen";

/** What a key does: arrows, space and the clicker's PageDown/PageUp move; F toggles full screen. */
export function keyAction(key: string, shiftKey = false): CeremonyKey | null {
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
    case "PageDown":
    case "Enter":
      return "next";
    case " ":
    case "Spacebar":
      return shiftKey ? "previous" : "next";
    case "ArrowLeft":
    case "ArrowUp":
    case "PageUp":
    case "Backspace":
      return "previous";
    case "Home":
      return "first";
    case "End":
      return "last";
    case "f":
    case "F":
      return "fullscreen";
    default:
      return null;
  }
}
