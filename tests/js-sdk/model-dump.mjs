// Prints, as JSON on stdout, what the pinned AWS SDK for JavaScript v3 (package.json) knows of the APIs we read: the
// history event types, every member (recursively) of a history event, the execution statuses, and the request and
// response members of each operation named on the command line. The model drift test
// (tests/Analytics.Aws.Tests/ModelDrift) reads it from the SDK's own bundled Smithy schemas, not from our copies.
//
//   node model-dump.mjs --sfn ListStateMachines,GetExecutionHistory --lambda GetDurableExecution,... --logs FilterLogEvents,...
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const sfn = require("@aws-sdk/client-sfn");
const lambda = require("@aws-sdk/client-lambda");
const logs = require("@aws-sdk/client-cloudwatch-logs");

const args = process.argv.slice(2);
const list = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1].split(",").filter(Boolean) : [];
};

// Smithy schema arrays: [3, ns, name, traits, memberNames, memberSchemas] structure, [1, ns, name, traits, item] list,
// [2, ns, name, traits, key, value] map, [0, ns, name, traits, target] simple with traits, [9, …] operation. A member
// schema is a number (0 string, 1 number, 2 boolean, 4 timestamp, 21 blob; +64 list of, +128 map of), a thunk, or
// [schema, memberTraits].
const simple = { 0: "string", 1: "number", 2: "boolean", 4: "timestamp", 5: "timestamp", 6: "timestamp", 7: "timestamp", 15: "document", 21: "blob", 19: "bigint", 17: "bigdecimal" };

function resolve(schema) {
  let s = schema;
  for (let i = 0; i < 8; i++) {
    if (typeof s === "function") s = s();
    else if (Array.isArray(s) && s.length === 2 && (typeof s[0] === "function" || typeof s[0] === "number" || Array.isArray(s[0]))) s = s[0];
    else break;
  }
  return s;
}

function describe(schema, seen) {
  const s = resolve(schema);
  if (typeof s === "number") {
    if (s & 64) return { type: "list", item: describe(s & ~64, seen) };
    if (s & 128) return { type: "map", value: describe(s & ~128, seen) };
    return { type: simple[s] ?? `simple:${s}` };
  }
  if (!Array.isArray(s)) return { type: "unknown" };
  const [kind, , name] = s;
  switch (kind) {
    case 0: return describe(s[4], seen);
    case 1: return { type: "list", shape: name, item: describe(s[4], seen) };
    case 2: return { type: "map", shape: name, value: describe(s[5], seen) };
    case 3:
    case 4: {
      const node = { type: kind === 3 ? "structure" : "union", shape: name };
      if (seen.has(name)) return node; // recursive shapes: named once
      const inner = new Set(seen).add(name);
      const names = Array.isArray(s[4]) ? s[4] : [];
      const schemas = Array.isArray(s[5]) ? s[5] : [];
      node.members = Object.fromEntries(names.map((member, i) => [member, describe(schemas[i], inner)]));
      return node;
    }
    default: return { type: `kind:${kind}`, shape: name };
  }
}

function operations(client, names) {
  return Object.fromEntries(names.map((name) => {
    const op = client[`${name}$`];
    if (!Array.isArray(op)) return [name, null];
    return [name, { input: describe(op[4], new Set()), output: describe(op[5], new Set()) }];
  }));
}

const version = (pkg) => require(`${pkg}/package.json`).version;
const values = (e) => Object.values(e).sort();

console.log(JSON.stringify({
  versions: { "@aws-sdk/client-sfn": version("@aws-sdk/client-sfn"), "@aws-sdk/client-lambda": version("@aws-sdk/client-lambda"), "@aws-sdk/client-cloudwatch-logs": version("@aws-sdk/client-cloudwatch-logs") },
  stepFunctions: {
    eventTypes: values(sfn.HistoryEventType),
    executionStatuses: values(sfn.ExecutionStatus),
    event: describe(sfn.HistoryEvent$, new Set()),
    operations: operations(sfn, list("sfn")),
  },
  lambda: {
    eventTypes: values(lambda.EventType),
    executionStatuses: values(lambda.ExecutionStatus),
    event: describe(lambda.Event$, new Set()),
    operations: operations(lambda, list("lambda")),
  },
  logs: {
    operations: operations(logs, list("logs")),
  },
}, null, 1));
