import { and, asc, eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { assignments, categories, editions, entries, scorePoints, scoreSheets, users } from "#db/schema";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { formatDateTime } from "~/modules/editions/time";
import { isLocale } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";

/*
 * Judging progress for organizers, counted in SQL (one GROUP BY per view, whatever the size):
 * assigned (nothing saved yet), drafted (a sheet saved but not submitted), submitted, recused.
 */

const drafted = sql<number>`count(*) filter (where ${assignments.state} = 'assigned' and ${scoreSheets.assignmentId} is not null)`;
const untouched = sql<number>`count(*) filter (where ${assignments.state} = 'assigned' and ${scoreSheets.assignmentId} is null)`;
const submitted = sql<number>`count(*) filter (where ${assignments.state} = 'submitted')`;
const recused = sql<number>`count(*) filter (where ${assignments.state} = 'recused')`;

export function progressByCategory(editionId: number) {
  return db()
    .select({
      categoryId: categories.id,
      categoryName: categories.name,
      assigned: untouched,
      drafted,
      submitted,
      recused,
    })
    .from(assignments)
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .leftJoin(scoreSheets, eq(scoreSheets.assignmentId, assignments.id))
    .where(eq(assignments.editionId, editionId))
    .groupBy(categories.id)
    .orderBy(asc(categories.position));
}

export function progressByJudge(editionId: number) {
  return db()
    .select({
      judgeId: users.id,
      name: users.name,
      email: users.email,
      assigned: untouched,
      drafted,
      submitted,
      recused,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.judgeId))
    .leftJoin(scoreSheets, eq(scoreSheets.assignmentId, assignments.id))
    .where(eq(assignments.editionId, editionId))
    .groupBy(users.id)
    .orderBy(asc(users.name));
}

/** Every judge's sheet for one entry, for the organizer (organizers see all scores). */
export function entryAssignments(entryId: number) {
  return db()
    .select({
      id: assignments.id,
      state: assignments.state,
      judgeName: users.name,
      comment: scoreSheets.comment,
      submittedAt: scoreSheets.submittedAt,
      total: sql<
        number | null
      >`(select sum(${scorePoints.halfPoints}) from ${scorePoints} where ${scorePoints.assignmentId} = ${assignments.id})`,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.judgeId))
    .leftJoin(scoreSheets, eq(scoreSheets.assignmentId, assignments.id))
    .where(eq(assignments.entryId, entryId))
    .orderBy(asc(assignments.id));
}

/**
 * Mails a reminder to every judge with open assignments in the edition: one mail per judge
 * (with their count), not one per entry. Returns how many judges were reminded.
 */
export async function sendReminders(
  actor: { userId: string; ip: string },
  editionId: number,
): Promise<number> {
  return db().transaction(async (tx) => {
    const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId));
    if (!edition) throw new Response("Not Found", { status: 404 });
    const open = await tx
      .select({
        judgeId: users.id,
        name: users.name,
        email: users.email,
        locale: users.locale,
        n: sql<number>`count(*)`,
      })
      .from(assignments)
      .innerJoin(users, eq(users.id, assignments.judgeId))
      .where(and(eq(assignments.editionId, editionId), eq(assignments.state, "assigned")))
      .groupBy(users.id);
    for (const judge of open) {
      await enqueueMail(tx, {
        template: "judge-reminder",
        to: judge.email,
        locale: isLocale(judge.locale) ? judge.locale : "zh-CN",
        props: {
          name: judge.name,
          editionName: edition.name,
          open: Number(judge.n),
          deadline: formatDateTime(edition.judgingEndsAt),
          url: `${env().appUrl}/judge`,
        },
      });
    }
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "judging.remind",
      subjectType: "edition",
      subjectId: editionId,
      editionId,
      after: { judges: open.length },
    });
    return open.length;
  });
}
