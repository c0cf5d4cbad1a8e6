/*
 * The public notice period (公示). In practice it lasts about five working days; when the organizer
 * has not set its end, publishing the notice sets it to the end (23:59:59 China Standard Time) of
 * the fifth working day after the day of publication. Public holidays are not known here: the
 * organizer sets the end by hand around them.
 */

const CST = 8 * 3600_000;
const DAY = 24 * 3600_000;

/** The end of the `workingDays`-th Monday–Friday after `from`'s day, in CST. */
export function noticeEnd(from: Date, workingDays: number): Date {
  // Midnight of the CST day of `from`, as an instant.
  let day = Math.floor((from.getTime() + CST) / DAY) * DAY - CST;
  let left = workingDays;
  while (left > 0) {
    day += DAY;
    const weekday = new Date(day + CST).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(day + DAY - 1000);
}

/** Objections are taken only while the notice is up: from its start to its end, inclusive. */
export function noticeOpen(
  edition: { phase: string; noticeStartsAt: Date | null; noticeEndsAt: Date | null },
  now = new Date(),
): boolean {
  return (
    edition.phase === "notice" &&
    edition.noticeStartsAt !== null &&
    edition.noticeEndsAt !== null &&
    edition.noticeStartsAt <= now &&
    now <= edition.noticeEndsAt
  );
}
