// ClickHouse (in-process: chdb) over an exported dataset, through the views `analytics ddl --engine clickhouse`
// prints. Usage:
//   node run.mjs DDL.sql QUERY.sql   the query's rows as JSON lines
//   node run.mjs DDL.sql --tables    per view: its row count, and whether the types it declares are the ones
//                                    ClickHouse infers from the files themselves (JSON lines)
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "chdb";

const [ddlFile, what] = process.argv.slice(2);
const statements = readFileSync(ddlFile, "utf8").split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.length > 0);
const folder = mkdtempSync(join(tmpdir(), "chdb-"));
const session = new Session(folder);
const rows = (sql) => session.query(sql, "JSONEachRow").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
const bare = (type) => type.replace(/^Nullable\((.*)\)$/, "$1");
try {
  statements.forEach((s) => session.query(s));
  if (what !== "--tables") {
    process.stdout.write(session.query(readFileSync(what, "utf8"), "JSONEachRow"));
  } else {
    for (const s of statements.filter((s) => s.startsWith("CREATE OR REPLACE VIEW"))) {
      const view = s.match(/VIEW (\S+) AS/)[1];
      const [, source, glob] = s.match(/FROM (file|s3)\('([^']*)'/);
      const count = Number(rows(`SELECT count() AS n FROM ${view}`)[0].n);
      const declared = Object.fromEntries(rows(`DESCRIBE ${view}`).map((c) => [c.name, bare(c.type)]));
      let mismatches = [];
      if (count > 0) {
        const inferred = rows(`DESCRIBE ${source}('${glob}', 'Parquet') SETTINGS use_hive_partitioning = 1`);
        mismatches = inferred.filter((c) => declared[c.name] !== bare(c.type)).map((c) => `${c.name}: declared ${declared[c.name]}, files ${c.type}`);
      }
      console.log(JSON.stringify({ table: view.split(".").pop().replaceAll("`", ""), rows: count, mismatches }));
    }
  }
} finally {
  session.close();
  rmSync(folder, { recursive: true, force: true });
}
