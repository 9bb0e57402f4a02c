-- retry_advice: each Task state's Retry and Catch rules (from the exported ASL definitions) held against what its
-- attempts show. One row per finding; no row means nothing to change.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): attempts and visits of executions whose start time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Definitions: the newest state_machines snapshot of each state machine (per account and region); Task states are found at any depth (Parallel
-- branches, Map ItemProcessor/Iterator, Distributed Map children: `<state machine>/<label>` rows read their parent's
-- definition, where state names are unique). Matching is Step Functions' own: the first Retry (or Catch) rule whose
-- ErrorEquals names the error, States.ALL, or States.TaskFailed (any error but States.Timeout). A Retry rule without
-- MaxAttempts retries 3 times; without JitterStrategy it does not jitter.
-- Findings (README "Retry advice" has the reasoning):
--   error_not_retried        an error occurred at least 3 times, no retrier matches it, and no Catch names it (nothing
--                            catches it, or only a catch-all: States.ALL / States.TaskFailed)
--   retries_rarely_succeed   a retrier made at least 20 retries beyond its k-th (k >= 0) and under 2 % of them
--                            succeeded: the smallest such k is reported (k = 0: its retries never help)
--   retries_exhausted        at least 10 visits, and at least 20 % of the state's retried visits, ended with the error
--                            of a retrier whose MaxAttempts were all used
--   throttling_without_jitter  a throttling error (*TooManyRequestsException, *ThrottlingException,
--                            *ProvisionedThroughputExceededException) occurred at least 3 times and the retrier that
--                            retries it has no "JitterStrategy": "FULL"
--   lambda_service_retrier_missing  a Lambda task (function ARN or lambda:invoke) with attempts in the window whose
--                            retriers do not cover all of AWS's transient Lambda errors (Lambda.ServiceException,
--                            Lambda.AWSLambdaException, Lambda.SdkClientException, Lambda.TooManyRequestsException)
-- A retry attempt belongs to the retrier that matches the error of the attempt before it (the same execution and
-- state, attempt - 1, the latest that ended at or before it was scheduled; of several Map iterations' attempts that
-- ended at that instant, a failed one). Its ordinal k is attempt - 1.
-- Counts: retry_groups (_views.sql): for the whole days of the window, the retry_counts rollup compaction wrote (a few
-- thousand rows for 1,000,000 executions); for the other days (cut by the window, or without a current rollup) the
-- same counts (retry_rows) from the rows. Definitions are matched to them here, so the results are the same either way.
-- Durable functions' steps (durable_operations): their histories show each step's attempts but not its retry
-- strategy, so only retries_rarely_succeed and retries_exhausted apply (same thresholds; a step that failed after
-- retrying used up its strategy). Their retrier and errors are NULL.
-- Rows: Task states first, then durable steps; by account_id, region, state_machine, state_name, finding, retrier, errors.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   kind           VARCHAR  'task_state' or 'durable_step'
--   state_machine  VARCHAR  state machine name (Distributed Map children: `<state machine>/<label>`); for a durable
--                           step, the function name
--   state_name     VARCHAR  the Task state; for a durable step, its name ('(unnamed)' when it has none)
--   finding        VARCHAR  one of the five names above
--   retrier        INTEGER  1-based position of the Retry rule concerned; NULL when none is
--   errors         VARCHAR  the error names concerned, comma separated
--   occurrences    BIGINT   the count the finding rests on (errors, late retries, exhausted visits; attempts for
--                           lambda_service_retrier_missing)
--   sample         BIGINT   what it is counted out of (attempts, retries, retried visits)
--   share          DOUBLE   occurrences / sample (successes / late retries for retries_rarely_succeed)
--   evidence       VARCHAR  the counts in words
--   change         VARCHAR  the change to consider
WITH RECURSIVE
definitions AS (
    SELECT account_id, region, name AS state_machine, definition::JSON AS def
    FROM state_machines
    WHERE definition IS NOT NULL AND json_valid(definition)
    QUALIFY row_number() OVER (PARTITION BY account_id, region, name ORDER BY date DESC, export_run_id DESC) = 1
),
blocks(account_id, region, state_machine, states) AS (
    SELECT account_id, region, state_machine, def->'States' FROM definitions
    UNION ALL
    SELECT s.account_id, s.region, s.state_machine, u.child
    FROM (SELECT b.account_id, b.region, b.state_machine, e.value AS st FROM blocks AS b, json_each(b.states) AS e) AS s,
         unnest(CASE s.st->>'Type'
                    WHEN 'Parallel' THEN list_transform(CAST(s.st->'Branches' AS JSON[]), lambda x: json_extract(x, '$.States'))
                    WHEN 'Map' THEN [coalesce(s.st->'ItemProcessor'->'States', s.st->'Iterator'->'States')]
                    ELSE []::JSON[] END) AS u(child)
    WHERE u.child IS NOT NULL
),
tasks AS (
    SELECT b.account_id, b.region, b.state_machine AS definition_name, e.key AS state_name, e.value->>'Resource' AS resource,
           list_transform(CAST(coalesce(e.value->'Retry', '[]') AS JSON[]), lambda r, i: {
               idx: i,
               error_equals: CAST(json_extract(r, '$.ErrorEquals') AS VARCHAR[]),
               max_attempts: coalesce(CAST(json_extract(r, '$.MaxAttempts') AS INTEGER), 3),
               jitter: coalesce(json_extract_string(r, '$.JitterStrategy'), 'NONE')}) AS retriers,
           list_transform(CAST(coalesce(e.value->'Catch', '[]') AS JSON[]),
               lambda c: CAST(json_extract(c, '$.ErrorEquals') AS VARCHAR[])) AS catchers
    FROM blocks AS b, json_each(b.states) AS e
    WHERE e.value->>'Type' = 'Task'
),
counts AS MATERIALIZED (
    -- retry_groups (_views.sql): the rollup compaction wrote for the whole days of the window, the other days' rows
    -- counted the same way (a few thousand rows either way)
    SELECT * FROM retry_groups(window_start(), window_end())
),
attempt_counts AS (
    SELECT account_id, region, state_machine, state_name, outcome, error, sum(n)::BIGINT AS n,
           split_part(state_machine, '/', 1) AS definition_name
    FROM counts WHERE kind = 'attempt' GROUP BY ALL
),
attempt_totals AS (
    SELECT account_id, region, state_machine, definition_name, state_name, sum(n)::BIGINT AS attempts FROM attempt_counts GROUP BY ALL
),
errors AS (
    SELECT a.account_id, a.region, a.state_machine, a.state_name, a.error, sum(a.n)::BIGINT AS occurrences, any_value(n.attempts) AS attempts,
           any_value(t.retriers) AS retriers, any_value(t.catchers) AS catchers
    FROM attempt_counts AS a
    JOIN attempt_totals AS n USING (account_id, region, state_machine, state_name)
    JOIN tasks AS t ON t.account_id = a.account_id AND t.region = a.region AND t.definition_name = a.definition_name
        AND t.state_name = a.state_name
    WHERE a.outcome IN ('failed', 'timed_out') AND a.error IS NOT NULL
    GROUP BY ALL
),
error_rules AS (
    SELECT *,
           list_filter(retriers, lambda r: asl_error_matches(r.error_equals, error))[1] AS retrier,
           list_filter(catchers, lambda c: asl_error_matches(c, error))[1] AS catcher
    FROM errors
),
error_not_retried AS (
    SELECT account_id, region, state_machine, state_name, 'error_not_retried' AS finding, NULL::INTEGER AS retrier, error AS errors,
           occurrences, attempts AS sample,
           printf('%s: %d of %d attempts (%.1f %%) failed with it; no retrier matches it and %s', error, occurrences, attempts,
                  100.0 * occurrences / attempts,
                  CASE WHEN catcher IS NULL THEN 'nothing catches it (the execution fails)'
                       ELSE 'only the catch-all Catch [' || array_to_string(catcher, ', ') || '] handles it' END) AS evidence,
           printf('add a Retry rule for %s if it is transient; otherwise a Catch that names it, so its handling is deliberate', error) AS change
    FROM error_rules
    WHERE retrier IS NULL AND occurrences >= 3 AND (catcher IS NULL OR NOT list_contains(catcher, error))
),
throttling_without_jitter AS (
    SELECT account_id, region, state_machine, state_name, 'throttling_without_jitter' AS finding, retrier.idx AS retrier, error AS errors,
           occurrences, attempts AS sample,
           printf('%s: %d of %d attempts (%.1f %%) were throttled; retrier %d [%s] retries them with JitterStrategy %s', error,
                  occurrences, attempts, 100.0 * occurrences / attempts, retrier.idx, array_to_string(retrier.error_equals, ', '),
                  retrier.jitter) AS evidence,
           printf('add "JitterStrategy": "FULL" to retrier %d so throttled retries do not arrive in lockstep', retrier.idx) AS change
    FROM error_rules
    WHERE retrier IS NOT NULL AND retrier.jitter <> 'FULL' AND occurrences >= 3
      AND (suffix(error, 'TooManyRequestsException') OR suffix(error, 'ThrottlingException')
           OR suffix(error, 'ProvisionedThroughputExceededException'))
),
retries_by_retrier AS (
    -- retries per (state, retrier, ordinal, outcome, error of the attempt before), before the ordinals k are spread out
    SELECT account_id, region, state_machine, state_name, retrier, ordinal, succeeded, trigger_error, sum(n) AS n
    FROM (SELECT r.account_id, r.region, r.state_machine, r.state_name, r.level AS ordinal, r.succeeded,
                 r.error AS trigger_error, r.n,
                 list_filter(t.retriers, lambda x: asl_error_matches(x.error_equals, r.error))[1] AS retrier
          FROM counts AS r
          JOIN tasks AS t ON t.account_id = r.account_id AND t.region = r.region
              AND t.definition_name = split_part(r.state_machine, '/', 1) AND t.state_name = r.state_name
          WHERE r.kind = 'retry')
    GROUP BY ALL
),
late_retries AS (
    SELECT r.account_id, r.region, r.state_machine, r.state_name, r.retrier, k.k,
           coalesce(sum(r.n) FILTER (WHERE r.ordinal > k.k), 0)::BIGINT AS late,
           coalesce(sum(r.n) FILTER (WHERE r.ordinal > k.k AND r.succeeded), 0)::BIGINT AS late_succeeded,
           string_agg(DISTINCT r.trigger_error, ', ' ORDER BY r.trigger_error) AS errors
    FROM retries_by_retrier AS r, (SELECT range AS k FROM range(0, 100)) AS k
    WHERE r.retrier IS NOT NULL AND k.k < r.retrier.max_attempts
    GROUP BY ALL
),
retries_rarely_succeed AS (
    SELECT account_id, region, state_machine, state_name, 'retries_rarely_succeed' AS finding, retrier.idx AS retrier, errors,
           late_succeeded AS occurrences, late AS sample,
           printf('retrier %d [%s] (MaxAttempts %d): %d of %d retries%s succeeded (%.1f %%)', retrier.idx,
                  array_to_string(retrier.error_equals, ', '), retrier.max_attempts, late_succeeded, late,
                  CASE WHEN k = 0 THEN '' ELSE printf(' after the %d%s', k, CASE k WHEN 1 THEN 'st' WHEN 2 THEN 'nd' WHEN 3 THEN 'rd' ELSE 'th' END) END,
                  100.0 * late_succeeded / late) AS evidence,
           CASE WHEN k = 0 THEN printf('stop retrying %s (they only add latency): drop it from retrier %d and Catch it instead', errors, retrier.idx)
                ELSE printf('lower MaxAttempts of retrier %d from %d to %d (later retries only add latency)', retrier.idx, retrier.max_attempts, k) END AS change
    FROM late_retries
    WHERE late >= 20 AND late_succeeded < 0.02 * late
    QUALIFY row_number() OVER (PARTITION BY account_id, region, state_machine, state_name, retrier.idx ORDER BY k) = 1
),
visits AS (
    -- n visits of each (state, attempts, final error) of more than one attempt, with the state's retriers
    SELECT v.account_id, v.region, v.state_machine, v.state_name, v.attempts, v.final_error, v.n, t.retriers
    FROM (SELECT account_id, region, state_machine, state_name, level AS attempts, error AS final_error, sum(n)::BIGINT AS n
          FROM counts WHERE kind = 'visit' GROUP BY ALL) AS v
    JOIN tasks AS t ON t.account_id = v.account_id AND t.region = v.region AND t.definition_name = split_part(v.state_machine, '/', 1) AND t.state_name = v.state_name
),
exhausted AS (
    SELECT account_id, region, state_machine, state_name, retrier, sum(n)::BIGINT AS exhausted, string_agg(DISTINCT final_error, ', ' ORDER BY final_error) AS errors
    FROM (SELECT *, list_filter(retriers, lambda r: asl_error_matches(r.error_equals, final_error))[1] AS retrier FROM visits
          WHERE final_error IS NOT NULL)
    WHERE retrier IS NOT NULL AND retrier.max_attempts > 0 AND attempts - 1 >= retrier.max_attempts
    GROUP BY ALL
),
retries_exhausted AS (
    SELECT x.account_id, x.region, x.state_machine, x.state_name, 'retries_exhausted' AS finding, x.retrier.idx AS retrier, x.errors,
           x.exhausted AS occurrences, r.retried AS sample,
           printf('retrier %d [%s] used all %d retries and still failed in %d of %d retried visits (%.1f %%)', x.retrier.idx,
                  array_to_string(x.retrier.error_equals, ', '), x.retrier.max_attempts, x.exhausted, r.retried,
                  100.0 * x.exhausted / r.retried) AS evidence,
           printf('find why %s persists (a retry rarely cures it), or give retrier %d more room (MaxAttempts, BackoffRate, MaxDelaySeconds) if it is transient',
                  x.errors, x.retrier.idx) AS change
    FROM exhausted AS x
    JOIN (SELECT account_id, region, state_machine, state_name, coalesce(sum(n) FILTER (WHERE attempts > 1), 0)::BIGINT AS retried FROM visits GROUP BY ALL) AS r
        USING (account_id, region, state_machine, state_name)
    WHERE x.exhausted >= 10 AND x.exhausted >= 0.2 * r.retried
),
lambda_service_retrier_missing AS (
    SELECT n.account_id, n.region, n.state_machine, n.state_name, 'lambda_service_retrier_missing' AS finding, NULL::INTEGER AS retrier,
           array_to_string(missing, ', ') AS errors, n.attempts AS occurrences, n.attempts AS sample,
           printf('Lambda task with %d attempts; no retrier covers %s', n.attempts, array_to_string(missing, ', ')) AS evidence,
           'add AWS''s recommended retrier first: {"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException", '
               || '"Lambda.SdkClientException", "Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 3, '
               || '"BackoffRate": 2, "JitterStrategy": "FULL"}' AS change
    FROM (SELECT n.*, list_filter(['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException',
                                   'Lambda.TooManyRequestsException'],
                                  lambda e: len(list_filter(t.retriers, lambda r: asl_error_matches(r.error_equals, e))) = 0) AS missing
          FROM attempt_totals AS n
          JOIN tasks AS t USING (account_id, region, definition_name, state_name)
          WHERE regexp_matches(t.resource, '^arn:aws[a-z-]*:lambda:[^:]*:[0-9]*:function:')
             OR starts_with(t.resource, 'arn:aws:states:::lambda:invoke')) AS n
    WHERE len(missing) > 0
),
steps AS (
    -- n steps of each (step, attempts, status) of more than one attempt: no other made a retry
    SELECT account_id, region, state_machine, state_name, level AS attempts, outcome AS status, sum(n)::BIGINT AS n
    FROM counts WHERE kind = 'step' GROUP BY ALL
),
durable_late AS (
    -- A step of a attempts made retries 1 .. a-1; only the last can have succeeded (status SUCCEEDED).
    SELECT account_id, region, state_machine, state_name, k.k,
           sum(greatest(0, attempts - 1 - k.k) * n) AS late,
           coalesce(sum(n) FILTER (WHERE status = 'SUCCEEDED' AND attempts - 1 > k.k), 0)::BIGINT AS late_succeeded
    FROM steps, (SELECT range AS k FROM range(0, 100)) AS k
    WHERE k.k < attempts - 1
    GROUP BY ALL
),
durable_retries_rarely_succeed AS (
    SELECT account_id, region, state_machine, state_name, 'retries_rarely_succeed' AS finding, late_succeeded AS occurrences, late AS sample,
           printf('%d of %d retries%s succeeded (%.1f %%)', late_succeeded, late,
                  CASE WHEN k = 0 THEN '' ELSE printf(' after the %d%s', k, CASE k WHEN 1 THEN 'st' WHEN 2 THEN 'nd' WHEN 3 THEN 'rd' ELSE 'th' END) END,
                  100.0 * late_succeeded / late) AS evidence,
           CASE WHEN k = 0 THEN 'stop retrying this step''s errors (retries only add latency): a retry strategy that does not retry them'
                ELSE printf('let the step''s retry strategy stop after %d retr%s (later ones only add latency)', k, CASE WHEN k = 1 THEN 'y' ELSE 'ies' END) END AS change
    FROM durable_late
    WHERE late >= 20 AND late_succeeded < 0.02 * late
    QUALIFY row_number() OVER (PARTITION BY account_id, region, state_machine, state_name ORDER BY k) = 1
),
durable_retries_exhausted AS (
    SELECT account_id, region, state_machine, state_name, 'retries_exhausted' AS finding, exhausted AS occurrences, retried AS sample,
           printf('%d of %d retried steps (%.1f %%) failed after their last retry', exhausted, retried, 100.0 * exhausted / retried) AS evidence,
           'find why the step''s error persists (a retry rarely cures it), or give its retry strategy more room if it is transient' AS change
    FROM (SELECT account_id, region, state_machine, state_name, coalesce(sum(n) FILTER (WHERE attempts > 1), 0)::BIGINT AS retried,
                 coalesce(sum(n) FILTER (WHERE attempts > 1 AND status = 'FAILED'), 0)::BIGINT AS exhausted
          FROM steps GROUP BY ALL)
    WHERE exhausted >= 10 AND exhausted >= 0.2 * retried
)
SELECT account_id, region, kind, state_machine, state_name, finding, retrier, errors, occurrences, sample,
       occurrences::DOUBLE / nullif(sample, 0) AS share, evidence, change
FROM (SELECT 'task_state' AS kind, *
      FROM (FROM error_not_retried
            UNION ALL BY NAME FROM throttling_without_jitter
            UNION ALL BY NAME FROM retries_rarely_succeed
            UNION ALL BY NAME FROM retries_exhausted
            UNION ALL BY NAME FROM lambda_service_retrier_missing)
      UNION ALL BY NAME
      SELECT 'durable_step' AS kind, NULL::INTEGER AS retrier, NULL::VARCHAR AS errors, *
      FROM (FROM durable_retries_rarely_succeed UNION ALL BY NAME FROM durable_retries_exhausted))
ORDER BY kind DESC, account_id, region, state_machine, state_name, finding, retrier NULLS FIRST, errors;
