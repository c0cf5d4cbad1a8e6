import { asc, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { categories, editions, units } from "#db/schema";
import { demoJudgeUserIds, seedDemoJudges } from "#db/seed-judges";
import type { TestApp } from "../../support/app";
import { withDemo } from "../../support/demo";

/** The demo (see withDemo) with the demo judges' profiles and panels, as the seed gives them. */
export async function withDemoJudges(app: TestApp) {
  const demo = await withDemo(app);
  const cats = await app.db
    .select()
    .from(categories)
    .where(eq(categories.editionId, demo.edition.id))
    .orderBy(asc(categories.position));
  const unitRows = await app.db.select().from(units).where(eq(units.isDemo, true)).orderBy(asc(units.id));
  const judgeUserIds = await app.db.transaction(async (tx) => {
    const ids = await demoJudgeUserIds(tx);
    await seedDemoJudges(tx, {
      editionId: demo.edition.id,
      categoryIds: cats.map((c) => c.id),
      judgeUserIds: ids,
      unitIds: unitRows.map((u) => u.id),
    });
    return ids;
  });
  const unit = (name: string) => {
    const u = unitRows.find((x) => x.name === name);
    if (!u) throw new Error(`no unit ${name}`);
    return u;
  };
  return { ...demo, categories: cats, units: unitRows, unit, judgeUserIds };
}

export async function setPhase(app: TestApp, editionId: number, phase: typeof editions.$inferSelect.phase) {
  await app.db.update(editions).set({ phase }).where(eq(editions.id, editionId));
}

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("评委");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export const uniqueEmail = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.cn`;
