import { eq } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { type Role, users } from "#db/schema";
import type { Locale } from "~/modules/i18n/i18n";
import { hashPassword } from "./password.server";

export type NewUser = {
  email: string;
  name: string;
  role: Role;
  locale?: Locale;
  isDemo?: boolean;
} & (
  | { password: string }
  /** Hashed already: a registration confirmed by mail, whose password was typed before the mail. */
  | { passwordHash: string }
);

export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`An account with the email ${email} already exists.`);
  }
}

/** Creates an account; the email is stored lower-cased and must be unused. */
export async function createUser(executor: Executor, input: NewUser): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  const [existing] = await executor
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (existing) throw new EmailTakenError(email);
  const id = crypto.randomUUID();
  await executor.insert(users).values({
    id,
    email,
    name: input.name.trim(),
    role: input.role,
    passwordHash: "passwordHash" in input ? input.passwordHash : await hashPassword(input.password),
    locale: input.locale ?? "zh-CN",
    isDemo: input.isDemo ?? false,
  });
  return { id };
}
