// Starts the portal: boot (database, migrations, demo seed, mail worker), then HTTP.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createApp } from "./app.js";
import { createLogger } from "./log.js";

// A served portal runs in production mode unless told otherwise; `npm run dev` (remix dev) sets
// NODE_ENV=development and REMIX_DEV_ORIGIN for the server it starts. Set before the build loads,
// so React and the app read the same mode.
process.env.NODE_ENV ||= "production";
const developer = process.env.NODE_ENV === "development" && Boolean(process.env.REMIX_DEV_ORIGIN);

const build = await import(pathToFileURL(path.resolve("build/index.js")).href);
// boot() is exported by app/entry.server.tsx; it validates the environment and opens the database.
// Start-up lines go through a logger at info until LOG_LEVEL has been read and validated.
const startLog = createLogger();
const { env } = await build.entry.module.boot({ log: (line) => startLog.info(line) });
const logger = createLogger({ level: env.logLevel });
const app = createApp({
  build,
  appUrl: env.appUrl,
  trustProxy: env.trustProxy,
  logger,
  mode: process.env.NODE_ENV === "development" ? "development" : "production",
  developer,
});

const server = app.listen(env.port, () => {
  logger.info(`Pingxuan listening on ${env.appUrl} (port ${env.port})`);
});

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
