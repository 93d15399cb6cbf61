/**
 * The `node:sqlite` connection behind state files. `node:sqlite` is built into Node.js 22.13 and
 * newer; it is loaded only when a state file is opened, so the rest of the mock (and the client)
 * keeps working on Node 20.
 *
 * Durability: WAL journal with `synchronous = FULL`, so a committed transaction is on disk
 * (fsynced) before `COMMIT` returns, and a killed process leaves the last committed state.
 */
import { createRequire } from "node:module";
import type { SqlDriver, SqlValue } from "../core/store/sql-store.js";

type NodeSqlite = typeof import("node:sqlite");
type Database = import("node:sqlite").DatabaseSync;
type Statement = import("node:sqlite").StatementSync;

/** The first bytes of every SQLite database file. */
export const SQLITE_MAGIC = "SQLite format 3\u0000";

let sqlite: NodeSqlite | undefined;

/** The `code` of the error thrown when this Node.js has no `node:sqlite`. */
export const NO_SQLITE = "ERR_MOCK_NO_SQLITE";

/**
 * Loads `node:sqlite`; throws an Error saying which Node.js is needed when it is missing (Node 20
 * has none; Node 22.5–22.12 have it only behind `--experimental-sqlite`).
 */
export function loadSqlite(): NodeSqlite {
  if (sqlite) return sqlite;
  try {
    sqlite = createRequire(import.meta.url)("node:sqlite") as NodeSqlite;
    return sqlite;
  } catch (error) {
    throw Object.assign(
      new Error(
        `a persisted mock (a state file) needs node:sqlite, built into Node.js 22.13 and newer; this is Node.js ${process.versions.node}. Upgrade Node.js, or run the mock without a state file.`,
        { cause: error },
      ),
      { code: NO_SQLITE },
    );
  }
}

/** A {@link SqlDriver} over one `node:sqlite` connection, with `close()`. */
export interface NodeSqlDriver extends SqlDriver {
  close(): void;
}

/**
 * Opens (creating if missing) the database at `path`.
 *
 * @example
 * ```ts
 * const driver = openSqlite("/tmp/mock-state.db");
 * driver.close();
 * ```
 */
export function openSqlite(path: string, options: { readOnly?: boolean } = {}): NodeSqlDriver {
  const { DatabaseSync } = loadSqlite();
  const db: Database = new DatabaseSync(path, { readOnly: options.readOnly === true });
  // Another process (a CLI command, a second server) may hold the write lock for a moment.
  db.exec("PRAGMA busy_timeout = 5000");
  if (!options.readOnly) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
  }
  // Pages are read once at open and rarely again: a small cache keeps memory at what the
  // in-memory mock uses.
  db.exec("PRAGMA cache_size = -512");
  const statements = new Map<string, Statement>();
  let closed = false;
  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    run(sql, params = []) {
      prepare(sql).run(...(params as SqlValue[]));
    },
    all(sql, params = []) {
      return prepare(sql).all(...(params as SqlValue[])) as Record<string, SqlValue>[];
    },
    transaction(body) {
      db.exec("BEGIN IMMEDIATE");
      try {
        body();
        db.exec("COMMIT");
      } catch (error) {
        try {
          db.exec("ROLLBACK");
        } catch {
          // already rolled back by SQLite (e.g. after a disk-full error)
        }
        throw error;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      statements.clear();
      db.close();
    },
  };
}
