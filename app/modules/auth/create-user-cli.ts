/**
 * Creates an account on the configured database, e.g. the first organizer in production:
 *
 *   PINGXUAN_PASSWORD='…' npm run user:create -- --email admin@example.cn --name 张三 --role organizer
 *
 * Without PINGXUAN_PASSWORD the password is asked for on the terminal. A welcome message is
 * queued in the same transaction and delivered by the running portal's mail worker.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { setDatabase } from "#db/client.server";
import { ROLES } from "#db/schema/auth";
import { env } from "~/env.server";
import { boot } from "~/modules/boot.server";
import { enqueueMail } from "~/modules/mail/mail.server";
import { createUser, EmailTakenError } from "./users.server";

const Args = z.object({
  email: z.string().email("--email must be an email address"),
  name: z.string({ error: "--name is required" }).trim().min(1, "--name is required"),
  role: z.enum(ROLES, { error: `--role must be one of ${ROLES.join(", ")}` }),
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
  password: z.string().min(10, "the password needs at least 10 characters"),
});

async function askPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question("Password (at least 10 characters): ");
  rl.close();
  return answer;
}

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "organizer" },
      locale: { type: "string" },
    },
  });
  const password = process.env.PINGXUAN_PASSWORD ?? (await askPassword());
  const parsed = Args.safeParse({ ...values, password });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`error: ${issue.message}`);
    process.exitCode = 2;
    return;
  }
  const { database } = await boot({ mailWorker: false, log: () => {} });
  try {
    await database.db.transaction(async (tx) => {
      const { id } = await createUser(tx, parsed.data);
      await enqueueMail(tx, {
        template: "welcome",
        to: parsed.data.email,
        locale: parsed.data.locale,
        props: {
          name: parsed.data.name,
          email: parsed.data.email.toLowerCase(),
          role: parsed.data.role,
          loginUrl: `${env().appUrl}/login`,
        },
      });
      console.log(`created ${parsed.data.role} ${parsed.data.email} (${id})`);
    });
  } catch (error) {
    if (error instanceof EmailTakenError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await database.close();
    setDatabase(undefined);
  }
}

await main();
