// Crawls an emulator endpoint with the official AWS SDK for JavaScript v3 (versions pinned in package.json) and prints
// what it found as JSON on stdout. Any SDK error (including deserialization errors on HTTP 200) is recorded; the exit
// code is 1 when there was one.
//
//   node crawl.mjs <endpoint> [--region us-east-1] [--key AKID] [--secret SECRET] [--concurrency 8]
//                  [--assume-role ROLE_ARN [--external-id ID]] [--express-events FILE]
// EXPRESS state machines are read from the log group their DescribeStateMachine loggingConfiguration names; with
// --express-events every log line read there is written to FILE (one JSON object a line: the line's execution_arn,
// redrive_count, id, previous_event_id, type and event_timestamp, plus the log event's eventId and timestamp).
// With --assume-role the key and secret only call STS AssumeRole; the crawl signs with the role's temporary credentials.
import {
  SFNClient, paginateListStateMachines, paginateListExecutions, paginateGetExecutionHistory, paginateListMapRuns,
  DescribeStateMachineCommand, DescribeExecutionCommand, DescribeStateMachineForExecutionCommand, DescribeMapRunCommand,
} from "@aws-sdk/client-sfn";
import {
  CloudWatchLogsClient, paginateDescribeLogGroups, FilterLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { writeFileSync } from "node:fs";
import {
  LambdaClient, paginateListFunctions, paginateListFunctionEventInvokeConfigs, paginateListDurableExecutionsByFunction,
  paginateGetDurableExecutionHistory, GetFunctionConfigurationCommand, GetDurableExecutionCommand,
} from "@aws-sdk/client-lambda";
import { STSClient, AssumeRoleCommand } from "@aws-sdk/client-sts";

const args = process.argv.slice(2);
const endpoint = args[0];
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
if (!endpoint) {
  console.error("usage: node crawl.mjs <endpoint> [--region R] [--key K] [--secret S] [--concurrency N]");
  process.exit(2);
}
const config = {
  endpoint,
  region: option("region", "us-east-1"),
  credentials: { accessKeyId: option("key", "AKIDJSSDKCRAWL"), secretAccessKey: option("secret", "js-sdk-crawl-secret") },
  maxAttempts: 5,
};
const roleArn = option("assume-role", undefined);
if (roleArn) {
  const sts = new STSClient(config);
  const assumed = await sts.send(new AssumeRoleCommand({
    RoleArn: roleArn, RoleSessionName: "js-sdk-crawl", ExternalId: option("external-id", undefined), DurationSeconds: 900,
  }));
  const c = assumed.Credentials;
  if (!(c.Expiration instanceof Date) || !assumed.AssumedRoleUser?.Arn) throw new Error("AssumeRole answer is incomplete");
  config.credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
const sfn = new SFNClient(config);
const lambda = new LambdaClient(config);
const logs = new CloudWatchLogsClient(config);
const concurrency = Number(option("concurrency", "8"));

const result = {
  stateMachines: 0, expressStateMachines: 0, executionsByStateMachine: {}, describedExecutions: 0,
  histories: 0, historyEvents: 0, historyEventsByType: {}, mapRuns: 0, mapRunChildrenByMapRun: {},
  mapRunsByStateMachine: {}, functions: 0, durableFunctions: 0, eventInvokeConfigs: 0, durableExecutionsByFunction: {},
  durableHistories: 0, durableEvents: 0, durableEventsByType: {},
  logGroups: 0, logEventsByGroup: {}, logEventsByType: {}, logPages: 0, emptyLogPages: 0, badLogEvents: 0,
  expressLogGroupsByStateMachine: {}, expressLogEventsByStateMachine: {},
  implausibleTimestamps: 0, errors: [],
};

function record(operation, error) {
  result.errors.push({
    operation, name: error?.name, message: String(error?.message ?? error).slice(0, 300),
    httpStatusCode: error?.$metadata?.httpStatusCode,
  });
}

// Epoch milliseconds parse silently into the far future; ISO strings fail outright. Catch the first here.
function checkDate(value) {
  if (value === undefined) return;
  const year = value instanceof Date ? value.getUTCFullYear() : NaN;
  if (!(year >= 2000 && year <= 2100)) result.implausibleTimestamps++;
}

async function guarded(operation, action) {
  try {
    return await action();
  } catch (error) {
    record(operation, error);
    return undefined;
  }
}

async function pool(items, worker) {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await worker(item);
    }
  });
  await Promise.all(runners);
}

function increment(counts, key) {
  counts[key] = (counts[key] ?? 0) + 1;
}

function countStatus(map, key, status) {
  map[key] ??= {};
  increment(map[key], status);
}

// Per Distributed Map "state machine" (the map run's stateMachineArn, `<machine>/<label>`): runs and children.
function mapRunTally(stateMachineArn) {
  result.mapRunsByStateMachine[stateMachineArn] ??= { runs: 0, byStatus: {}, childExecutions: 0, childExecutionsByStatus: {} };
  return result.mapRunsByStateMachine[stateMachineArn];
}

async function crawlHistory(executionArn) {
  let mapRunStarted = false;
  await guarded("GetExecutionHistory", async () => {
    for await (const page of paginateGetExecutionHistory({ client: sfn, pageSize: 1000 },
      { executionArn, includeExecutionData: false })) {
      for (const event of page.events ?? []) {
        checkDate(event.timestamp);
        if (event.type === "MapRunStarted") mapRunStarted = true;
        result.historyEvents++;
        increment(result.historyEventsByType, event.type);
      }
    }
    result.histories++;
  });
  return mapRunStarted;
}

async function crawlExecution(execution, distributed) {
  checkDate(execution.startDate);
  checkDate(execution.stopDate);
  await guarded("DescribeExecution", async () => {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
    checkDate(described.startDate);
    result.describedExecutions++;
  });
  const mapRunStarted = await crawlHistory(execution.executionArn);
  if (!mapRunStarted && !distributed) return;
  await guarded("ListMapRuns", async () => {
    for await (const page of paginateListMapRuns({ client: sfn, pageSize: 100 }, { executionArn: execution.executionArn })) {
      for (const run of page.mapRuns ?? []) {
        result.mapRuns++;
        const children = await listMapRunChildren(run.mapRunArn);
        // Keyed by the children's Distributed Map "state machine" (`<machine>/<label>`): map run ARNs stay opaque.
        const tally = mapRunTally(children[0]?.stateMachineArn ?? run.stateMachineArn);
        tally.runs++;
        await guarded("DescribeMapRun", async () => {
          const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn: run.mapRunArn }));
          checkDate(described.startDate);
          increment(tally.byStatus, described.status);
        });
        for (const child of children) {
          countStatus(result.mapRunChildrenByMapRun, run.mapRunArn, child.status);
          tally.childExecutions++;
          increment(tally.childExecutionsByStatus, child.status);
        }
        await crawlMapRunChildren(children);
      }
    }
  });
}

async function listMapRunChildren(mapRunArn) {
  const children = [];
  await guarded("ListExecutions(mapRunArn)", async () => {
    for await (const page of paginateListExecutions({ client: sfn, pageSize: 100 }, { mapRunArn })) {
      for (const child of page.executions ?? []) {
        checkDate(child.startDate);
        children.push(child);
      }
    }
  });
  return children;
}

async function crawlMapRunChildren(children) {
  await pool(children, async (child) => {
    await guarded("DescribeExecution", async () => {
      await sfn.send(new DescribeExecutionCommand({ executionArn: child.executionArn }));
      result.describedExecutions++;
    });
    // EXPRESS children have no history; STANDARD children do.
    if (child.executionArn.includes(":execution:")) await crawlHistory(child.executionArn);
  });
}

async function crawlStepFunctions() {
  const machines = [];
  for await (const page of paginateListStateMachines({ client: sfn, pageSize: 7 }, {})) {
    for (const machine of page.stateMachines ?? []) {
      checkDate(machine.creationDate);
      machines.push(machine);
    }
  }
  result.stateMachines = machines.length;
  for (const machine of machines) {
    const described = await guarded("DescribeStateMachine", () =>
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machine.stateMachineArn })));
    if (machine.type === "EXPRESS") {
      result.expressStateMachines++;
      await crawlExpressLogs(machine.stateMachineArn, described);
      continue;
    }
    const distributed = (described?.definition ?? "").includes("DISTRIBUTED");
    const executions = [];
    await guarded("ListExecutions", async () => {
      for await (const page of paginateListExecutions({ client: sfn, pageSize: 100 }, { stateMachineArn: machine.stateMachineArn })) {
        for (const execution of page.executions ?? []) {
          countStatus(result.executionsByStateMachine, machine.stateMachineArn, execution.status);
          executions.push(execution);
        }
      }
    });
    result.executionsByStateMachine[machine.stateMachineArn] ??= {};
    if (executions.length > 0) {
      await guarded("DescribeStateMachineForExecution", () =>
        sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: executions[0].executionArn })));
    }
    await pool(executions, (execution) => crawlExecution(execution, distributed));
  }
}

async function crawlLambda() {
  const functions = [];
  for await (const page of paginateListFunctions({ client: lambda, pageSize: 50 }, {})) {
    functions.push(...(page.Functions ?? []));
  }
  result.functions = functions.length;
  await pool(functions, async (fn) => {
    const config = await guarded("GetFunctionConfiguration", () =>
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn.FunctionName })));
    await guarded("ListFunctionEventInvokeConfigs", async () => {
      for await (const page of paginateListFunctionEventInvokeConfigs({ client: lambda, pageSize: 50 }, { FunctionName: fn.FunctionName })) {
        for (const item of page.FunctionEventInvokeConfigs ?? []) {
          checkDate(item.LastModified);
          result.eventInvokeConfigs++;
        }
      }
    });
    if (!config?.DurableConfig) return;
    result.durableFunctions++;
    const executions = [];
    await guarded("ListDurableExecutionsByFunction", async () => {
      for await (const page of paginateListDurableExecutionsByFunction({ client: lambda, pageSize: 100 }, { FunctionName: fn.FunctionName })) {
        for (const execution of page.DurableExecutions ?? []) {
          checkDate(execution.StartTimestamp);
          checkDate(execution.EndTimestamp);
          countStatus(result.durableExecutionsByFunction, fn.FunctionName, execution.Status);
          executions.push(execution);
        }
      }
    });
    result.durableExecutionsByFunction[fn.FunctionName] ??= {};
    for (const execution of executions) {
      await guarded("GetDurableExecution", async () => {
        const described = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: execution.DurableExecutionArn }));
        checkDate(described.StartTimestamp);
      });
      await guarded("GetDurableExecutionHistory", async () => {
        for await (const page of paginateGetDurableExecutionHistory({ client: lambda, pageSize: 1000 },
          { DurableExecutionArn: execution.DurableExecutionArn, IncludeExecutionData: false })) {
          for (const event of page.Events ?? []) {
            checkDate(event.EventTimestamp);
            result.durableEvents++;
            increment(result.durableEventsByType, event.EventType);
          }
        }
        result.durableHistories++;
      });
    }
  });
}

const expressEventsFile = option("express-events", undefined);
const expressEvents = [];

// An EXPRESS machine's executions exist only in the log group its loggingConfiguration names
// (`arn:aws:logs:…:log-group:NAME:*`): that group read to the end, its lines kept for --express-events.
async function crawlExpressLogs(stateMachineArn, described) {
  const groupArn = described?.loggingConfiguration?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  const name = groupArn?.split(":log-group:")[1]?.replace(/:\*$/, "");
  if (described?.loggingConfiguration?.level === "OFF" || !name) return;
  result.expressLogGroupsByStateMachine[stateMachineArn] = name;
  result.expressLogEventsByStateMachine[stateMachineArn] = 0;
  await readLogGroup(name, (event, line) => {
    result.expressLogEventsByStateMachine[stateMachineArn]++;
    if (!expressEventsFile) return;
    expressEvents.push(JSON.stringify({
      execution_arn: line.execution_arn, redrive_count: line.redrive_count, id: line.id, previous_event_id: line.previous_event_id,
      type: line.type, event_timestamp: line.event_timestamp, eventId: event.eventId, timestamp: event.timestamp,
    }));
  });
}

// One log group to the end of FilterLogEvents, paged by nextToken through empty pages (once per group: an EXPRESS
// machine's group is not read again by crawlLogs); each message must be a Step Functions log line.
async function readLogGroup(logGroupName, onLine) {
  if (logGroupName in result.logEventsByGroup) return;
  result.logEventsByGroup[logGroupName] = 0;
  await guarded("FilterLogEvents", async () => {
    let nextToken;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName, limit: 10000, nextToken }));
      result.logPages++;
      if ((page.events ?? []).length === 0) result.emptyLogPages++;
      for (const event of page.events ?? []) {
        result.logEventsByGroup[logGroupName]++;
        let line;
        try {
          line = JSON.parse(event.message);
        } catch {
          result.badLogEvents++;
          continue;
        }
        const ok = typeof event.eventId === "string" && /^[0-9]{56}$/.test(event.eventId)
          && typeof event.timestamp === "number" && typeof event.ingestionTime === "number" && event.ingestionTime >= event.timestamp
          && line.event_timestamp === String(event.timestamp) && typeof line.id === "string" && typeof line.execution_arn === "string";
        if (!ok) result.badLogEvents++;
        increment(result.logEventsByType, line.type);
        onLine?.(event, line);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  });
}

// Every log group (those the EXPRESS machines named are read already).
async function crawlLogs() {
  const groups = [];
  for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 5 }, {})) {
    groups.push(...(page.logGroups ?? []));
  }
  result.logGroups = groups.length;
  for (const group of groups) {
    await readLogGroup(group.logGroupName);
  }
}

try {
  await crawlStepFunctions();
} catch (error) {
  record("StepFunctions crawl", error);
}
try {
  await crawlLambda();
} catch (error) {
  record("Lambda crawl", error);
}
try {
  await crawlLogs();
} catch (error) {
  record("CloudWatch Logs crawl", error);
}
if (expressEventsFile) writeFileSync(expressEventsFile, expressEvents.map((line) => line + "\n").join(""));
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
process.exit(result.errors.length > 0 ? 1 : 0);
