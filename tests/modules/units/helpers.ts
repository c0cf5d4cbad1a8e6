import { eq } from "drizzle-orm";
import { mailOutbox, units, users } from "#db/schema";
import { withCheckCharacter } from "~/modules/units/credit-code";
import type { Client, TestApp } from "../../support/app";

let serial = 0;

/** A fresh valid credit code in Dongguan (441900), different on every call. */
export function newCreditCode(): string {
  serial++;
  const tail = `${process.pid % 1000}${String(serial).padStart(4, "0")}`.padStart(7, "0").slice(-7);
  return withCheckCharacter(`11441900MC${tail}`);
}

/** The same code with another check character. */
export function withWrongCheck(code: string): string {
  return code.slice(0, 17) + (code.endsWith("0") ? "1" : "0");
}

/** A unit in the given state with one user, logged in. */
export async function unitClient(
  app: TestApp,
  status: "pending" | "approved" | "rejected" = "approved",
): Promise<Client & { userId: string; email: string; unitId: number }> {
  const [unit] = await app.db
    .insert(units)
    .values({
      name: `测试单位${++serial}`,
      creditCode: newCreditCode(),
      regionCode: "441900",
      regionName: "广东省东莞市",
      level: "city",
      type: "department",
      status,
    })
    .returning({ id: units.id });
  if (!unit) throw new Error("no unit");
  const client = await app.loggedIn("unit");
  await app.db.update(users).set({ unitId: unit.id }).where(eq(users.id, client.userId));
  return Object.assign(client, { unitId: unit.id });
}

/** Messages queued for an address, oldest first. */
export function mailTo(app: TestApp, to: string) {
  return app.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).orderBy(mailOutbox.id);
}

/** The invitation token in a message's link. */
export function tokenIn(text: string): string {
  const match = text.match(/\/invite\/([A-Za-z0-9_-]{43})/);
  if (!match?.[1]) throw new Error(`no invitation link in: ${text}`);
  return match[1];
}

/** Posts a file the way a browser's multipart form does. */
export async function upload(
  client: Client,
  pathname: string,
  file: { name: string; bytes: Uint8Array; type: string },
) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return fetch(client.base + pathname, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: {
      Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      Origin: client.base,
    },
  });
}
