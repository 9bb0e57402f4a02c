using Analytics.Export.Manifest;
using Analytics.Export.Staging;

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
        foreach (var (staged, relative) in _stage.WriteFiles(folder, ChunkName, _runId, snapshotDate).Concat(KeptRows(folder, snapshotDate)))
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
        // One rewrite over every affected chunk: a late part's parent may sit in another chunk than the part.
        var rewritten = _replacements.Keys
            .SelectMany(chunk => _store.State.GroupFiles.TryGetValue(chunk, out var files) ? files.Select(f => (File: f, Chunk: chunk)) : [])
            .ToDictionary(f => f.File, f => f.Chunk, StringComparer.Ordinal);
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
        CountWrittenRows();
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
    }

    /// <summary>Rows this commit added, per table (what the run's summary reports; rewrites of earlier chunks excluded).</summary>
    private void CountWrittenRows()
    {
        foreach (var table in StagedTables.ExecutionTables.Concat(StagedTables.SnapshotTables))
        {
            var rows = _stage.CountRows(table);
            if (rows > 0)
            {
                _rowsWritten[table] = _rowsWritten.GetValueOrDefault(table) + rows;
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
        if (table == "export_runs")
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
        _stage.Insert("export_runs", _runId, _startedAt, DateTimeOffset.UtcNow, _windowStart, _windowEnd, _executions, _events,
            total.Calls, total.Throttled, total.Retries, _failures + _job.OtherFailures, _store.Shard.ToString(), _quarantined,
            (long)(_store.State.Running.Count + _runningAdded.Count), Aborted ? "aborted" : "completed", ApiCallsJson(), (long)_open.Count);
    }

    /// <summary>This run's open_executions snapshot (its export_runs row says how many, so none found is told apart
    /// from a run that recorded nothing).</summary>
    private void AddOpenExecutions()
    {
        foreach (var o in _open.Values)
        {
            _stage.Insert("open_executions", o.Arn, o.Kind, o.Kind == "durable" ? null : o.SourceArn, o.Kind == "durable" ? o.SourceArn : null, o.SourceName,
                o.Name, o.Status, o.StartDate, o.MapRunArn, o.ParentArn);
        }
    }
}
