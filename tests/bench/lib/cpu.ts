import fs from "node:fs";

/*
 * CPU time used by processes, from /proc (Linux). Latency on a shared machine says as much about
 * the neighbours as about the portal; CPU time per request says what the portal itself costs and
 * how many cores a target rate needs.
 */

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU milliseconds (user + system) a process has used, or 0 when it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which is in parentheses and may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** PostgreSQL backends serving one database (their titles read "postgres: user db host …"). */
function backendsOf(database: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const title = fs.readFileSync(`/proc/${name}/cmdline`, "utf8");
      if (title.startsWith("postgres: ") && title.split(" ").includes(database)) pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export type CpuSample = { app: number; database: number; self: number };

/** A reading of the app process, the database's backends and this process, in CPU ms. */
export function sampleCpu(appPid: number, database: string): CpuSample & { backends: Map<number, number> } {
  const backends = new Map(backendsOf(database).map((pid) => [pid, processCpuMs(pid)]));
  const usage = process.cpuUsage();
  return {
    app: processCpuMs(appPid),
    database: [...backends.values()].reduce((a, b) => a + b, 0),
    self: (usage.user + usage.system) / 1000,
    backends,
  };
}

/**
 * What was used between two readings. Backends that ended in between are lost (their time is
 * gone with them); the app keeps its connections open, so none should.
 */
export function cpuUsedBetween(
  before: ReturnType<typeof sampleCpu>,
  after: ReturnType<typeof sampleCpu>,
): CpuSample {
  let database = 0;
  for (const [pid, ms] of after.backends) database += ms - (before.backends.get(pid) ?? 0);
  return { app: after.app - before.app, database, self: after.self - before.self };
}
