using Frugal.Core.Accounting.Dashboard;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>
/// Hourly aggregates of the ledger, kept in the same transaction as the rows they summarise so the dashboard
/// reads a few hundred rollup rows instead of scanning millions of entries. A batch is first folded in memory
/// (one cell per hour × dimension × value), then each cell is upserted once: the cost per batch grows with the
/// number of distinct cells, not with the number of entries.
/// </summary>
internal sealed class LedgerRollups
{
    public const long HourMs = 3_600_000;

    /// <summary>Dimensions of <c>ledger_rollup_hourly</c>; every entry counts once in each (tags: once per tag).</summary>
    public const string Model = "model", Route = "route", Provider = "provider", Key = "key", Team = "team", Tag = "tag";

    /// <summary>
    /// Route × model pairs, for the dashboard's provider-cache panel: value is <c>route + '\u001F' + model</c> (see
    /// <see cref="RouteModelValue"/>). Only rows written since ledger step 0005 count here, so every figure of a cell
    /// (requests, input tokens, cached share) is over the same calls.
    /// </summary>
    public const string RouteModel = "route_model";

    /// <summary>Between route and model in a <see cref="RouteModel"/> value (a control character no model name carries).</summary>
    public const char RouteModelSeparator = '\u001F';

    /// <summary>
    /// Personal data the privacy stage acted on, for the dashboard's panel: value is <c>route + '\u001F' + entity type</c>
    /// (<see cref="Pii"/>) or <c>key id + '\u001F' + entity type</c> (<see cref="PiiKey"/>, labelled with the key's
    /// name); the cell's <c>pii_values</c> is the number of values of that type, its <c>requests</c> the calls that held one.
    /// </summary>
    public const string Pii = "pii", PiiKey = "pii_key";

    public const string Latency = "latency", TimeToFirstToken = "ttft";

    public static readonly string[] SavingColumns = [.. SqliteLedgerStore.Reasons.Select(SqliteLedgerStore.SavingColumn)];

    private static readonly string[] SumColumns =
    [
        "requests", "errors", "input_tokens", "output_tokens", "cost_nusd", "unpriced", "saved_nusd", .. SavingColumns,
        "cache_hits", "semantic_hits", "cache_lookups", "saving_voided_nusd",
        "cached_input_tokens", "cache_write_tokens", "cache_write_premium_nusd", "prompt_cache_measured", "prompt_cache_eligible", "pii_values",
    ];

    private readonly Dictionary<(long Hour, string Dim, string Value), Cell> _cells = [];
    private readonly Dictionary<(long Hour, string Metric, int Bucket), long> _latency = [];

    public bool IsEmpty => _cells.Count == 0;

    public void Add(in RollupFacts facts) => Add(facts, 1);

    /// <summary>
    /// Takes a row's old facts out and its new facts in (feedback changed its savings): every count cancels in the
    /// same cells, only the sums that changed move.
    /// </summary>
    public void Replace(in RollupFacts before, in RollupFacts after)
    {
        Add(before, -1);
        Add(after, 1);
    }

    private void Add(in RollupFacts facts, int sign)
    {
        var hour = facts.TimestampMs - (facts.TimestampMs % HourMs);
        AddTo(hour, Model, facts.Model, null, facts, sign);
        AddTo(hour, Route, facts.Route, null, facts, sign);
        AddTo(hour, Provider, facts.Provider, null, facts, sign);
        AddTo(hour, Key, facts.KeyId, facts.KeyName, facts, sign);
        if (facts.Team is { Length: > 0 } team)
        {
            AddTo(hour, Team, team, null, facts, sign);
        }

        for (var i = 0; i < facts.Tags.Count; i++)
        {
            AddTo(hour, Tag, facts.Tags[i], null, facts, sign);
        }

        if (facts.CacheWritePremiumNusd is not null)
        {
            AddTo(hour, RouteModel, RouteModelValue(facts.Route, facts.Model), null, facts, sign);
        }

        if (facts.PiiEntities is { Length: > 2 } pii)
        {
            AddPii(hour, pii, facts, sign);
        }

        Count(hour, Latency, LatencyBuckets.Of(facts.LatencyMs), sign);
        if (facts.TimeToFirstTokenMs is { } ttft)
        {
            Count(hour, TimeToFirstToken, LatencyBuckets.Of(ttft), sign);
        }
    }

    /// <summary>Adds the folded cells to the tables, inside <paramref name="transaction"/>, then forgets them.</summary>
    public void Flush(Statements statements, SqliteTransaction transaction)
    {
        statements.Cell.Transaction = transaction;
        statements.Latency.Transaction = transaction;
        foreach (var ((hour, dim, value), cell) in _cells)
        {
            var p = statements.Cell.Parameters;
            p[0].Value = hour;
            p[1].Value = dim;
            p[2].Value = value;
            p[3].Value = (object?)cell.Label ?? DBNull.Value;
            for (var i = 0; i < cell.Sums.Length; i++)
            {
                p[4 + i].Value = cell.Sums[i];
            }

            statements.Cell.ExecuteNonQuery();
        }

        foreach (var ((hour, metric, bucket), count) in _latency)
        {
            var p = statements.Latency.Parameters;
            p[0].Value = hour;
            p[1].Value = metric;
            p[2].Value = bucket;
            p[3].Value = count;
            statements.Latency.ExecuteNonQuery();
        }

        _cells.Clear();
        _latency.Clear();
    }

    /// <summary>
    /// One cell per entity type in <see cref="Pii"/> and <see cref="PiiKey"/>. The JSON is the privacy stage's own
    /// compact form (<c>{"EMAIL_ADDRESS":2,"PHONE_NUMBER":1}</c>, names [A-Z0-9_]+), read by hand on the writer thread.
    /// </summary>
    private void AddPii(long hour, string json, in RollupFacts facts, int sign)
    {
        var rest = json.AsSpan();
        while (rest.IndexOf('"') is var open and >= 0)
        {
            rest = rest[(open + 1)..];
            var close = rest.IndexOf('"');
            if (close < 0)
            {
                return;
            }

            var entity = rest[..close].ToString();
            rest = rest[(close + 1)..].TrimStart(':');
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (!long.TryParse(rest[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var values))
            {
                return;
            }

            rest = rest[digits..];
            AddTo(hour, Pii, RouteModelValue(facts.Route, entity), null, facts, sign, values);
            AddTo(hour, PiiKey, RouteModelValue(facts.KeyId, entity), facts.KeyName, facts, sign, values);
        }
    }

    private void AddTo(long hour, string dim, string value, string? label, in RollupFacts facts, int sign, long piiValues = 0)
    {
        if (!_cells.TryGetValue((hour, dim, value), out var cell))
        {
            cell = new Cell(SumColumns.Length);
            _cells.Add((hour, dim, value), cell);
        }

        if (label is not null)
        {
            cell.Label = label;
        }

        var s = cell.Sums;
        var i = 0;
        s[i++] += sign;
        s[i++] += facts.Status >= 400 ? sign : 0;
        s[i++] += sign * facts.InputTokens;
        s[i++] += sign * facts.OutputTokens;
        s[i++] += sign * (facts.CostNusd ?? 0);
        s[i++] += facts.CostNusd is null ? sign : 0;
        s[i++] += sign * facts.SavedNusd;
        for (var r = 0; r < facts.SavedByReasonNusd.Length; r++)
        {
            s[i++] += sign * facts.SavedByReasonNusd[r];
        }

        var hit = facts.CacheOutcome == "hit";
        var semanticHit = facts.CacheOutcome == "semantic-hit";
        s[i++] += hit ? sign : 0;
        s[i++] += semanticHit ? sign : 0;
        s[i++] += hit || semanticHit || facts.CacheOutcome == "miss" ? sign : 0;
        s[i++] += sign * facts.SavingVoidedNusd;
        s[i++] += sign * facts.CachedInputTokens;
        s[i++] += sign * facts.CacheWriteTokens;
        s[i++] += sign * (facts.CacheWritePremiumNusd ?? 0);
        s[i++] += facts.PromptCacheMeasured ? sign : 0;
        s[i++] += facts.PromptCacheEligible ? sign : 0;
        s[i] += sign * piiValues;
    }

    public static string RouteModelValue(string route, string model) => string.Concat(route, RouteModelSeparator.ToString(), model);

    private void Count(long hour, string metric, int bucket, int sign)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_latency, (hour, metric, bucket), out _);
        count += sign;
    }

    private sealed class Cell(int sums)
    {
        public long[] Sums { get; } = new long[sums];

        public string? Label { get; set; }
    }

    /// <summary>The two prepared upserts, kept with the writer's connection.</summary>
    internal sealed class Statements : IDisposable
    {
        private Statements(SqliteCommand cell, SqliteCommand latency)
        {
            Cell = cell;
            Latency = latency;
        }

        public SqliteCommand Cell { get; }

        public SqliteCommand Latency { get; }

        public static Statements Prepare(SqliteConnection connection)
        {
            var cell = connection.CreateCommand();
            string[] keys = ["hour_ms", "dim", "value", "label"];
            string[] all = [.. keys, .. SumColumns];
            for (var i = 0; i < all.Length; i++)
            {
                cell.Parameters.Add($"$c{i}", i is 1 or 2 or 3 ? SqliteType.Text : SqliteType.Integer);
            }

            cell.CommandText = $"""
                INSERT INTO ledger_rollup_hourly ({string.Join(", ", all)}) VALUES ({string.Join(", ", all.Select((_, i) => $"$c{i}"))})
                ON CONFLICT(hour_ms, dim, value) DO UPDATE SET label = COALESCE(excluded.label, label),
                {string.Join(", ", SumColumns.Select(c => $"{c} = {c} + excluded.{c}"))};
                """;
            var latency = connection.CreateCommand();
            latency.Parameters.Add("$h", SqliteType.Integer);
            latency.Parameters.Add("$m", SqliteType.Text);
            latency.Parameters.Add("$b", SqliteType.Integer);
            latency.Parameters.Add("$n", SqliteType.Integer);
            latency.CommandText = """
                INSERT INTO ledger_latency_hourly (hour_ms, metric, bucket, count) VALUES ($h, $m, $b, $n)
                ON CONFLICT(hour_ms, metric, bucket) DO UPDATE SET count = count + excluded.count;
                """;
            return new Statements(cell, latency);
        }

        public void Dispose()
        {
            Cell.Dispose();
            Latency.Dispose();
        }
    }
}
