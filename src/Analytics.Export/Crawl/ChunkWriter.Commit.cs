using Analytics.Core.Schemas;
using Analytics.Export.Manifest;
using Analytics.Export.Staging;
using Analytics.Export.Targets;

namespace Analytics.Export.Crawl;

// Committing the open chunk: stage Parquet files, rewrite earlier chunks that held re-exported executions, write the
// manifest record (the commit point), then move files into place (DatasetStore.Commit).
internal sealed partial class ChunkWriter
{
    private void Commit(bool final)
    {
        _flattener.Flush();
        _durableFlattener.Flush();
        if (final)
        {
            AddExportRun();
            AddOpenExecutions();
        }
        var hasRows = _stage.CountRows("executions") + _stage.CountRows("durable_executions") + _stage.CountRows("state_machines")
            + _stage.CountRows("functions") + _stage.CountRows("export_runs") > 0;
        if (!final && !hasRows && _exported.Count == 0 && _watermarks.Count == 0 && _runningAdded.Count == 0 && _runningRemoved.Count == 0
            && _pendingAdded.Count == 0 && _pendingResolved.Count == 0)
        {
            // Only failed or quarantined units: nothing to commit, but they are done.
            ReleaseFinished();
            _chunkAge.Restart();
            return;
        }

        var folder = _store.ChunkStagingFolder(_runId, _seq);
        var record = new CommitRecord
        {
            RunId = _runId,
            Seq = _seq,
            Shard = _store.Shard.Tag,
            CommittedAt = DateTimeOffset.UtcNow,
            Final = final,
        };
        var snapshotDate = DateOnly.FromDateTime(_startedAt.UtcDateTime);
        var (files, rows) = _stage.StageFiles(folder, ChunkName);
        foreach (var (staged, relative) in files.Concat(KeptRows(folder, snapshotDate)))
        {
            var group = GroupOf(relative);
            record.Adds.Add(ParquetFacts.Move(_stage.Connection, _store.Root, staged, relative, group));
            if (group.StartsWith("snapshot/", StringComparison.Ordinal) && _snapshotGroups.Add(group))
            {
                if (_store.State.GroupFiles.TryGetValue(group, out var previous))
                {
                    // A new snapshot of this shard for this date replaces the earlier one (e.g. of a killed run).
                    record.Removes.AddRange(previous.Where(p => p != relative));
                }
                TakeOverFromOtherLayouts(group, record, folder);
            }
        }
        // One rewrite over every affected chunk: a late part's parent may sit in another chunk than the part, and a
        // compacted partition's file holds many chunks' rows (each file keeps its own group).
        var rewritten = _replacements.Keys
            .SelectMany(_store.State.FilesHolding).Distinct(StringComparer.Ordinal)
            .ToDictionary(f => f, f => _store.State.Files[f], StringComparer.Ordinal);
        var reexported = _replacements.Values.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
        foreach (var (relative, staged) in ChunkRewriter.Rewrite(_stage.Connection, _store.Root, [.. rewritten.Keys], reexported, folder))
        {
            if (staged is null)
            {
                record.Removes.Add(relative);
            }
            else
            {
                record.Replaces.Add(ParquetFacts.Move(_stage.Connection, _store.Root, staged, relative, rewritten[relative]));
            }
        }
        record.Executions.AddRange(_exported);
        record.RunningAdded.AddRange(_runningAdded);
        record.RunningRemoved.AddRange(_runningRemoved);
        record.PendingAdded.AddRange(_pendingAdded);
        record.PendingResolved.AddRange(_pendingResolved);
        record.LateRows.AddRange(_lateRows);
        foreach (var (key, value) in _watermarks)
        {
            record.Watermarks[key] = value;
        }

        _store.Commit(record);
        CountWrittenRows(rows);
        ReleaseFinished();
        ExportLog.Committed(_job.Logger, _seq, _exported.Count, record.Adds.Count, record.Replaces.Count, record.Removes.Count);

        _stage.Reset();
        _exported.Clear();
        _replacements.Clear();
        _runningAdded.Clear();
        _runningRemoved.Clear();
        _pendingAdded.Clear();
        _pendingResolved.Clear();
        _lateRows.Clear();
        _watermarks.Clear();
        _chunkBytes = 0;
        _chunkAge.Restart();
        _seq++;
        _heapTrim.AfterCommit();
    }

    /// <summary>Rows this commit added, per table, as the writer counted them (what the run's summary reports;
    /// rewrites of earlier chunks excluded).</summary>
    private void CountWrittenRows(IReadOnlyDictionary<string, long> rows)
    {
        foreach (var (table, count) in rows)
        {
            if (count > 0)
            {
                _rowsWritten[table] = _rowsWritten.GetValueOrDefault(table) + count;
            }
        }
    }

    /// <summary>After the manifest holds this chunk's executions, listers may meet them again without rescheduling.</summary>
    private void ReleaseFinished()
    {
        _job.InFlight.Release(_finished);
        _job.CountCommitted(_finished.Count);
        _finished.Clear();
    }

    private string GroupOf(string relative)
    {
        var table = relative[..relative.IndexOf('/', StringComparison.Ordinal)];
        if (StagedTables.IsRunTable(table))
        {
            return "runs/" + _runId;
        }
        if (Array.IndexOf(StagedTables.SnapshotTables, table) >= 0)
        {
            var date = relative.Split('/')[1];
            return $"snapshot/{_store.Shard.Tag}/{table}/{date}";
        }
        return ChunkName;
    }

    private void AddExportRun()
    {
        var total = _counters.Total();
        var (b, row) = _stage.AddRow(SnapshotSchemas.ExportRuns);
        b.Set(ExportRunColumns.RunId, row, _runId);
        b.Set(ExportRunColumns.StartedAt, row, _startedAt);
        b.Set(ExportRunColumns.FinishedAt, row, DateTimeOffset.UtcNow);
        b.Set(ExportRunColumns.WindowStart, row, _windowStart);
        b.Set(ExportRunColumns.WindowEnd, row, _windowEnd);
        b.Set(ExportRunColumns.Executions, row, _executions);
        b.Set(ExportRunColumns.Events, row, _events);
        b.Set(ExportRunColumns.ApiCalls, row, total.Calls);
        b.Set(ExportRunColumns.Throttled, row, total.Throttled);
        b.Set(ExportRunColumns.Retries, row, total.Retries);
        b.Set(ExportRunColumns.Failures, row, _failures + _job.OtherFailures);
        b.Set(ExportRunColumns.Shard, row, _store.Shard.ToString());
        b.Set(ExportRunColumns.Quarantined, row, _quarantined);
        b.Set(ExportRunColumns.Running, row, _store.State.Running.Count + _runningAdded.Count);
        b.Set(ExportRunColumns.Status, row, Aborted ? "aborted" : "completed");
        b.Set(ExportRunColumns.ApiCallsByApi, row, ApiCallsJson());
        b.Set(ExportRunColumns.OpenExecutions, row, _open.Count);
        // A run of several units: which of them are incomplete and why (null when none is, or for a single-unit run).
        var failedUnits = _job.FailedUnits;
        b.Set(ExportRunColumns.FailedUnits, row, failedUnits.Count == 0 ? null
            : System.Text.Json.JsonSerializer.Serialize(failedUnits.ToDictionary(u => u.Label, u => u.Failures)));
        var units = _job.Units;
        if (units.Count == 1)
        {
            var (account, region) = units[0].Location;
            b.Set(ExportRunColumns.AccountId, row, account);
            b.Set(ExportRunColumns.Region, row, region);
        }
        foreach (var unit in units)
        {
            AddExportUnit(unit);
        }
    }

    /// <summary>The unit's row of this run: where it is, its account's name, whether it was read whole, its calls, what
    /// the run exported of it.</summary>
    private void AddExportUnit(ExportUnit unit)
    {
        var (b, row) = _stage.AddRow(SnapshotSchemas.ExportUnits);
        var (account, region) = unit.Location;
        var calls = unit.Calls.Total();
        b.Set(ExportUnitColumns.RunId, row, _runId);
        b.Set(ExportUnitColumns.AccountName, row, unit.Alias);
        b.Set(ExportUnitColumns.Status, row, unit.Failures.Count > 0 ? "incomplete" : Aborted ? "aborted" : "completed");
        b.Set(ExportUnitColumns.Failures, row, unit.Failures.Count == 0 ? null : string.Join('\n', unit.Failures));
        b.Set(ExportUnitColumns.ApiCalls, row, calls.Calls);
        b.Set(ExportUnitColumns.Throttled, row, calls.Throttled);
        b.Set(ExportUnitColumns.Executions, row, unit.Exported.Executions);
        b.Set(ExportUnitColumns.Events, row, unit.Exported.Events);
        b.Set(ExportUnitColumns.MapRuns, row, unit.Exported.MapRuns);
        b.Set(ExportUnitColumns.DurableExecutions, row, unit.Exported.DurableExecutions);
        b.Set(ExportUnitColumns.AccountId, row, account);
        b.Set(ExportUnitColumns.Region, row, region);
    }

    /// <summary>This run's open_executions snapshot (its export_runs row says how many, so none found is told apart
    /// from a run that recorded nothing).</summary>
    private void AddOpenExecutions()
    {
        foreach (var o in _open.Values)
        {
            var durable = o.Kind == SourceKind.Durable;
            var (b, row) = _stage.AddRow(SnapshotSchemas.OpenExecutions);
            b.Set(OpenExecutionColumns.ExecutionArn, row, o.Arn);
            b.Set(OpenExecutionColumns.SourceKind, row, o.Kind.OpenExecutionsText());
            b.Set(OpenExecutionColumns.StateMachineArn, row, durable ? null : o.SourceArn);
            b.Set(OpenExecutionColumns.FunctionArn, row, durable ? o.SourceArn : null);
            b.Set(OpenExecutionColumns.SourceName, row, o.SourceName);
            b.Set(OpenExecutionColumns.ExecutionName, row, o.Name);
            b.Set(OpenExecutionColumns.Status, row, o.Status);
            b.Set(OpenExecutionColumns.StartTime, row, o.StartDate);
            b.Set(OpenExecutionColumns.MapRunArn, row, o.MapRunArn);
            b.Set(OpenExecutionColumns.ParentExecutionArn, row, o.ParentArn);
            SetLocation(b, row, o.Arn, OpenExecutionColumns.AccountId, OpenExecutionColumns.Region);
        }
    }
}
