import { and, eq } from "drizzle-orm";
import { accounts, categories, editions, users } from "#db/schema";
import { DEMO_DOMAIN, DEMO_PASSWORD, seedDemo } from "#db/seed";
import { attachDemoFiles } from "#db/seed-files";
import { fileStorage } from "~/modules/storage/storage.server";
import type { Client, TestApp } from "./app";

/** Loads the demo (an open edition, approved units with accounts) and logs a demo user in. */
export async function withDemo(app: TestApp) {
  await seedDemo(app.db, new Date(), {
    attachFiles: (entries) => attachDemoFiles(app.db, fileStorage(), entries),
  });
  // Tests count their own entries; the demo's entries must not use up the per-category limit.
  // The open demo edition (the demo also has last year's, judged already).
  const [edition] = await app.db
    .update(editions)
    .set({ entriesPerUnitPerCategory: 50 })
    .where(and(eq(editions.isDemo, true), eq(editions.phase, "open")))
    .returning();
  if (!edition) throw new Error("no demo edition");
  const cats = await app.db.select().from(categories).where(eq(categories.editionId, edition.id));
  const category = (code: string) => {
    const c = cats.find((x) => x.code === code);
    if (!c) throw new Error(`no category ${code}`);
    return c;
  };
  async function login(
    local: string,
  ): Promise<Client & { unitId: number; accountIds: number[]; userId: string }> {
    const client = app.client();
    const res = await client.post("/login", { email: `${local}@${DEMO_DOMAIN}`, password: DEMO_PASSWORD });
    if (res.status !== 302) throw new Error(`demo login failed for ${local}`);
    const [user] = await app.db
      .select()
      .from(users)
      .where(eq(users.email, `${local}@${DEMO_DOMAIN}`));
    const unitId = user?.unitId ?? 0;
    const own = unitId
      ? await app.db
          .select()
          .from(accounts)
          .where(and(eq(accounts.unitId, unitId)))
      : [];
    return Object.assign(client, { unitId, accountIds: own.map((a) => a.id), userId: user?.id ?? "" });
  }
  return { edition, category, login };
}
