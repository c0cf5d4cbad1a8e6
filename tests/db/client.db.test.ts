import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { connectPostgres } from "#db/client.server";
import { testBackend } from "../support/db";

const SOCKET_DIR = "/var/run/postgresql";

describe("DATABASE_URL", () => {
  it("refuses a ?host= that is not a socket directory", () => {
    expect(() => connectPostgres("postgres://postgres@localhost/test?host=db.example")).toThrow(
      /socket directory/,
    );
  });

  describe.skipIf(testBackend() !== "postgres")("on PostgreSQL", () => {
    const url = process.env.TEST_DATABASE_URL ?? "";

    it("reaches the server over TCP by default", async () => {
      const tcpUrl = new URL(url);
      tcpUrl.searchParams.delete("host");
      const sql = connectPostgres(tcpUrl.toString(), { max: 1 });
      try {
        const [row] = await sql<{ tcp: boolean }[]>`select inet_client_addr() is not null as tcp`;
        expect(row?.tcp).toBe(true);
      } finally {
        await sql.end();
      }
    });

    it("reaches a server on this machine over its Unix socket with ?host=/socket/dir", async (ctx) => {
      if (!fs.existsSync(`${SOCKET_DIR}/.s.PGSQL.${new URL(url).port || 5432}`)) {
        console.log(`skipped: no PostgreSQL socket in ${SOCKET_DIR} (the server is not on this machine)`);
        ctx.skip();
      }
      const socketUrl = new URL(url);
      socketUrl.searchParams.set("host", SOCKET_DIR);
      const sql = connectPostgres(socketUrl.toString(), { max: 1 });
      try {
        const [row] = await sql<{ socket: boolean; db: string }[]>`
          select inet_client_addr() is null as socket, current_database() as db`;
        expect(row).toEqual({ socket: true, db: socketUrl.pathname.slice(1) });
      } finally {
        await sql.end();
      }
    });
  });
});
