using System.Runtime.CompilerServices;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Reports;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>Reports over the SQLite ledger, aggregated in SQL (indexed by time) so they stay fast on large ledgers.</summary>
public sealed class SqliteLedgerReader(SqliteLedgerStore store) : ILedgerReader
{
    private static readonly SavingReason[] Reasons = Enum.GetValues<SavingReason>();

    public Task<Report> ReportAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var rows = Rows(query);
        var total = query.By == ReportDimension.Total ? rows : Rows(query with { By = ReportDimension.Total });
        return Task.FromResult(new Report(query, rows, total.FirstOrDefault() ?? new ReportRow { Group = "total" }));
    }

    // Synchronous: SQLite has no async I/O; callers are the CLI and admin endpoints, not the request path.
    private List<ReportRow> Rows(ReportQuery query)
    {
        var (groupExpression, from) = Grouping(query.By);
        var savings = string.Join(", ", Reasons.Select(r => $"SUM({SqliteLedgerStore.SavingColumn(r)})"));
        var sql = $"""
            SELECT {groupExpression} AS grp,
                   COUNT(*), SUM(status >= 400),
                   SUM(input_tokens), SUM(cached_input_tokens), SUM(cache_write_5m_tokens + cache_write_1h_tokens),
                   SUM(output_tokens), SUM(reasoning_tokens),
                   COALESCE(SUM(cost_nusd), 0), SUM(cost_nusd IS NULL),
                   SUM(cache_outcome IN ('hit', 'semantic-hit')),
                   SUM(saved_nusd), AVG(latency_ms),
                   {savings},
                   SUM(prompt_prefix_varying_nusd)
            FROM {from}
            WHERE ts_ms >= $since AND ts_ms < $until
            GROUP BY grp
            ORDER BY COALESCE(SUM(cost_nusd), 0) DESC, grp
            """;
        using var connection = store.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$since", query.Since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", query.Until.ToUnixTimeMilliseconds());
        var rows = new List<ReportRow>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(ReadRow(reader));
            }
        }

        if (query.By is ReportDimension.Day or ReportDimension.Hour)
        {
            rows.Sort((a, b) => string.CompareOrdinal(a.Group, b.Group));
        }

        return rows;
    }

    /// <summary>
    /// The first and last ledger entry in the window (null when there is none): `estimate --from-ledger` extrapolates a
    /// month from how long traffic was actually recorded, not from the window asked for.
    /// </summary>
    public async Task<(DateTimeOffset First, DateTimeOffset Last)?> TrafficSpanAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = store.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(ts_ms), MAX(ts_ms) FROM ledger WHERE ts_ms >= $since AND ts_ms < $until";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0))
        {
            return null;
        }

        return (DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }

    public async IAsyncEnumerable<UsageRow> ReadUsageAsync(DateTimeOffset since, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = store.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(model, upstream_model), input_tokens, cached_input_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
                   output_tokens, reasoning_tokens, cost_nusd, batched
            FROM ledger
            WHERE ts_ms >= $since AND ts_ms < $until AND (input_tokens > 0 OR output_tokens > 0) AND cache_outcome NOT IN ('hit', 'semantic-hit')
            """;
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var usage = new TokenUsage(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
            yield return new UsageRow(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                usage,
                reader.IsDBNull(7) ? null : NanoUsd.ToUsd(reader.GetInt64(7)),
                reader.GetInt64(8) == 1);
        }
    }

    public Task<PiiReport> PiiReportAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // pii_entities is compact JSON of counts per type ({"EMAIL_ADDRESS":2}); json_each turns it into one row per type.
        // Route = the model name the client asked for (a route or a model), as /metrics labels it.
        const string Sql = """
            SELECT 'route' AS scope, COALESCE(requested_model, '(none)') AS grp, entity.key, SUM(entity.value), COUNT(*)
            FROM ledger, json_each(ledger.pii_entities) AS entity
            WHERE ledger.pii_entities IS NOT NULL AND ts_ms >= $since AND ts_ms < $until
            GROUP BY grp, entity.key
            UNION ALL
            SELECT 'key' AS scope, COALESCE(key_name, key_id) AS grp, entity.key, SUM(entity.value), COUNT(*)
            FROM ledger, json_each(ledger.pii_entities) AS entity
            WHERE ledger.pii_entities IS NOT NULL AND ts_ms >= $since AND ts_ms < $until
            GROUP BY grp, entity.key
            ORDER BY 1 DESC, 2, 4 DESC, 3
            """;
        using var connection = store.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        var rows = new List<PiiReportRow>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(new PiiReportRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        return Task.FromResult(new PiiReport(since, until, rows));
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = store.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ledger";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static (string Group, string From) Grouping(ReportDimension by) => by switch
    {
        ReportDimension.Total => ("'total'", "ledger"),
        ReportDimension.Model => ("COALESCE(model, requested_model, '(none)')", "ledger"),
        ReportDimension.Provider => ("COALESCE(provider, '(none)')", "ledger"),
        ReportDimension.Key => ("COALESCE(key_name, key_id)", "ledger"),
        ReportDimension.Team => ("COALESCE(team, '(no team)')", "ledger"),
        // A request with several tags counts once under each of them; untagged ones are grouped together.
        ReportDimension.Tag => ("COALESCE(tag.value, '(untagged)')", "ledger LEFT JOIN json_each(ledger.tags) AS tag"),
        ReportDimension.Day => ("strftime('%Y-%m-%d', ts_ms / 1000, 'unixepoch')", "ledger"),
        ReportDimension.Hour => ("strftime('%Y-%m-%d %H:00', ts_ms / 1000, 'unixepoch')", "ledger"),
        ReportDimension.Endpoint => ("endpoint", "ledger"),
        ReportDimension.Prefix => ("COALESCE(prompt_prefix, '(no prompt-cache stage)')", "ledger"),
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, null),
    };

    private static ReportRow ReadRow(SqliteDataReader reader)
    {
        var byReason = new Dictionary<SavingReason, decimal>();
        for (var i = 0; i < Reasons.Length; i++)
        {
            var saved = NanoUsd.ToUsd(reader.IsDBNull(13 + i) ? 0 : reader.GetInt64(13 + i));
            if (saved != 0)
            {
                byReason[Reasons[i]] = saved;
            }
        }

        return new ReportRow
        {
            Group = reader.GetString(0),
            Requests = reader.GetInt64(1),
            Errors = Long(reader, 2),
            InputTokens = Long(reader, 3),
            CachedInputTokens = Long(reader, 4),
            CacheWriteTokens = Long(reader, 5),
            OutputTokens = Long(reader, 6),
            ReasoningTokens = Long(reader, 7),
            CostUsd = NanoUsd.ToUsd(Long(reader, 8)),
            UnpricedRequests = Long(reader, 9),
            CacheHits = Long(reader, 10),
            SavedUsd = NanoUsd.ToUsd(Long(reader, 11)),
            AverageLatencyMs = reader.IsDBNull(12) ? 0 : reader.GetDouble(12),
            SavedByReason = byReason,
            VaryingPrefixUsd = NanoUsd.ToUsd(Long(reader, 13 + Reasons.Length)),
        };
    }

    private static long Long(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);
}
