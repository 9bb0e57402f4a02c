-- async_invoke_configs: each function's async-invoke configuration (per qualifier) next to the invocations it governs.
--
-- Lambda applies MaximumRetryAttempts, MaximumEventAgeInSeconds and the destinations to asynchronous invocations
-- (InvocationType Event) of exactly the qualifier the configuration names: an unqualified function name or ARN
-- invokes $LATEST, a version or alias is its own qualifier. Synchronous invocations (a Task whose Resource is the
-- function ARN, lambda:invoke with RequestResponse) are not governed by it. Asynchronous invocations the dataset can
-- show: attempts of Task states that call arn:aws:states:::lambda:invoke with Parameters.InvocationType "Event" (read
-- from the newest state_machines snapshot), and durable executions (each is started by one invocation of its
-- function's version). Lambda's own retries of a queued event are in no history, so they cannot be counted.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): invocations in executions whose start time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Rows: every configuration of the newest functions snapshot (per account and region), plus each qualifier invoked
-- asynchronously that has none (Lambda's defaults apply to it); ordered by account_id, region, function name, qualifier.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) of the function
--   region         VARCHAR  its region (same-named functions of different accounts or regions are separate rows)
--   function_name              VARCHAR
--   qualifier                  VARCHAR  $LATEST, a version or an alias
--   configured                 BOOLEAN  false: no configuration for this qualifier (defaults: 2 retries, 6 hours)
--   durable                    BOOLEAN
--   maximum_retry_attempts     INTEGER
--   maximum_event_age_seconds  INTEGER
--   on_failure_destination     VARCHAR
--   async_invocations          BIGINT   asynchronous invocations of this qualifier (Task attempts + durable executions)
--   sync_invocations           BIGINT   synchronous Task attempts on this qualifier (the configuration does not apply)
--   async_sources              VARCHAR  where the asynchronous invocations come from: '<state machine> / <state>', 'durable executions'
WITH functions_now AS (
    SELECT *, CASE WHEN qualifier IS NULL THEN function_arn ELSE left(function_arn, length(function_arn) - length(qualifier) - 1) END AS base_arn
    FROM functions QUALIFY date = max(date) OVER (PARTITION BY account_id, region)
),
machines AS (
    SELECT state_machine_arn, definition FROM state_machines
    WHERE definition IS NOT NULL AND json_valid(definition)
    QUALIFY date = max(date) OVER (PARTITION BY account_id, region)
),
-- Every state of every definition, nested ones included (Parallel branches, Map processors): state names are unique
-- within a state machine, Distributed Map children included.
states AS (
    SELECT m.state_machine_arn, t.key AS state_name, t.value AS state
    FROM machines AS m, json_tree(m.definition) AS t
    WHERE t.type = 'OBJECT' AND regexp_matches(t.path, '(^|\.)"?States"?$')
),
lambda_tasks AS (
    SELECT state_machine_arn, state_name,
           json_extract_string(state, '$.Resource') AS resource,
           coalesce(json_extract_string(state, '$.Parameters.FunctionName'), json_extract_string(state, '$.Arguments.FunctionName')) AS function_name,
           coalesce(json_extract_string(state, '$.Parameters.InvocationType'), json_extract_string(state, '$.Arguments.InvocationType'), 'RequestResponse') AS invocation_type,
           coalesce(json_extract_string(state, '$.Parameters.Qualifier'), json_extract_string(state, '$.Arguments.Qualifier')) AS explicit_qualifier
    FROM states
    WHERE json_extract_string(state, '$.Type') = 'Task'
),
targets AS (
    SELECT state_machine_arn, state_name, invocation_type = 'Event' AS async, explicit_qualifier,
           string_split(target, ':') AS parts, string_split(state_machine_arn, ':') AS machine
    FROM (
        SELECT *, CASE
            WHEN regexp_matches(resource, '^arn:[^:]+:lambda:[^:]+:[^:]+:function:') THEN resource
            WHEN regexp_matches(resource, '^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$') AND invocation_type <> 'DryRun' THEN function_name
        END AS target,
        regexp_matches(resource, '^arn:[^:]+:lambda:') AS legacy
        FROM lambda_tasks
    )
    WHERE target IS NOT NULL AND (legacy OR invocation_type IN ('Event', 'RequestResponse'))
),
-- A bare name or `account:function:name` resolves in the state machine's partition, region and account.
task_functions AS (
    SELECT state_machine_arn, state_name, async,
           'arn:' || machine[2] || ':lambda:' || CASE WHEN parts[1] = 'arn' THEN parts[4] ELSE machine[4] END || ':'
               || CASE WHEN parts[1] = 'arn' THEN parts[5] WHEN list_position(parts, 'function') = 2 THEN parts[1] ELSE machine[5] END
               || ':function:' || parts[list_position(parts, 'function') + 1] AS base_arn,
           coalesce(explicit_qualifier, parts[list_position(parts, 'function') + 2], '$LATEST') AS qualifier
    FROM (SELECT * REPLACE (CASE WHEN list_position(parts, 'function') IS NULL THEN ['function'] || parts ELSE parts END AS parts) FROM targets)
),
-- Attempts per state machine (account, region and the name before any '/' of a Distributed Map child: its execution ARN
-- names the parent) and state, from the attempts' own columns (dictionary-encoded, cheap): reading every attempt's
-- execution ARN to name its state machine was most of the query's time. An attempt without a state machine name takes
-- them from its execution ARN, as older files did.
attempts AS (
    SELECT account_id, region, machine_name, state_name, sum(n) AS n
    FROM (
        SELECT account_id, region, split_part(state_machine_name, '/', 1) AS machine_name, state_name, count(*) AS n
        FROM task_attempts
        WHERE state_machine_name IS NOT NULL AND date_in_window(date) AND in_window(execution_start_time)
        GROUP BY ALL
        UNION ALL
        SELECT arn_field(execution_arn, 5), arn_field(execution_arn, 4),
               regexp_extract(execution_arn, '^arn:[^:]+:states:[^:]+:[^:]+:(execution|express):([^:/]+)', 2), state_name, count(*)
        FROM task_attempts
        WHERE state_machine_name IS NULL AND date_in_window(date) AND in_window(execution_start_time)
        GROUP BY ALL
    )
    GROUP BY ALL
),
task_invocations AS (
    SELECT f.base_arn, f.qualifier, f.async, a.n, regexp_extract(f.state_machine_arn, ':stateMachine:(.*)$', 1) || ' / ' || f.state_name AS source
    FROM task_functions AS f
    JOIN attempts AS a
        ON a.account_id = arn_field(f.state_machine_arn, 5) AND a.region = arn_field(f.state_machine_arn, 4)
       AND a.machine_name = regexp_extract(f.state_machine_arn, ':stateMachine:(.*)$', 1) AND a.state_name = f.state_name
),
durable_invocations AS (
    SELECT array_to_string(string_split(function_arn, ':')[1:7], ':') AS base_arn,
           coalesce(string_split(function_arn, ':')[8], version, '$LATEST') AS qualifier, true AS async, count(*) AS n,
           'durable executions' AS source
    FROM durable_executions
    WHERE date_in_window(date) AND in_window(start_time)
    GROUP BY ALL
),
observed AS (
    SELECT base_arn, qualifier,
           coalesce(sum(n) FILTER (WHERE async), 0) AS async_invocations,
           coalesce(sum(n) FILTER (WHERE NOT async), 0) AS sync_invocations,
           string_agg(DISTINCT source, ', ' ORDER BY source) FILTER (WHERE async) AS async_sources
    FROM (FROM task_invocations UNION ALL BY NAME FROM durable_invocations)
    GROUP BY ALL
),
-- A row with settings but no qualifier (written by other tools) is the unqualified function's: $LATEST.
configs AS (
    SELECT base_arn, function_name, coalesce(qualifier, '$LATEST') AS qualifier, coalesce(durable, false) AS durable,
           maximum_retry_attempts, maximum_event_age_seconds, on_failure_destination
    FROM functions_now
    WHERE qualifier IS NOT NULL OR maximum_retry_attempts IS NOT NULL OR maximum_event_age_seconds IS NOT NULL
       OR on_failure_destination IS NOT NULL OR on_success_destination IS NOT NULL
)
SELECT arn_field(coalesce(c.base_arn, o.base_arn), 5) AS account_id, arn_field(coalesce(c.base_arn, o.base_arn), 4) AS region,
       coalesce(c.function_name, regexp_extract(o.base_arn, ':function:([^:]+)$', 1)) AS function_name,
       coalesce(c.qualifier, o.qualifier) AS qualifier,
       c.qualifier IS NOT NULL AS configured,
       coalesce(c.durable, (SELECT bool_or(coalesce(f.durable, false)) FROM functions_now AS f WHERE f.base_arn = o.base_arn), false)
           OR coalesce(o.async_sources LIKE '%durable executions%', false) AS durable,
       c.maximum_retry_attempts, c.maximum_event_age_seconds, c.on_failure_destination,
       coalesce(o.async_invocations, 0)::BIGINT AS async_invocations,
       coalesce(o.sync_invocations, 0)::BIGINT AS sync_invocations,
       o.async_sources
FROM configs AS c FULL OUTER JOIN observed AS o ON o.base_arn = c.base_arn AND o.qualifier = c.qualifier
WHERE (c.qualifier IS NOT NULL OR o.async_invocations > 0)
  AND in_scope(arn_field(coalesce(c.base_arn, o.base_arn), 5), arn_field(coalesce(c.base_arn, o.base_arn), 4))
ORDER BY account_id, region, function_name, qualifier;
