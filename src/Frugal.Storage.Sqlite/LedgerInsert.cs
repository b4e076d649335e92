using System.Runtime.CompilerServices;
using System.Text.Json;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>
/// The prepared INSERT of one ledger row, reused for every row the store writes. Parameters are
/// bound by position into a fixed array (no per-row lookups or allocations beyond the values).
/// </summary>
internal sealed class LedgerInsert : IDisposable
{
    private static readonly string[] Columns =
    [
        "ts_ms", "request_id", "endpoint", "key_id", "key_name", "team", "tags", "requested_model", "model", "upstream_model", "provider",
        "attempts", "attempt_log", "input_tokens", "cached_input_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "output_tokens",
        "reasoning_tokens", "usage_estimated", "cost_nusd", "saved_nusd", "latency_ms", "ttft_ms", "status", "error_code", "cache_outcome",
        "streamed", "batched", "request_body", "response_body", "pii_entities",
        "prompt_prefix", "prompt_prefix_tokens", "prompt_cache_min_tokens", "prompt_cache_breakpoints", "prompt_prefix_varying_nusd",
        "compression_tokens_before", "compression_tokens_after", "compressed_request_body",
        "cache_write_premium_nusd", "batch_id", "custom_id", "compression_summary_nusd",
        .. SqliteLedgerStore.Reasons.Select(SqliteLedgerStore.SavingColumn),
    ];

    /// <summary>Tag lists are shared by every request of a key: serialise each list once.</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, string> TagsJson = [];

    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    private LedgerInsert(SqliteCommand command, SqliteParameter[] parameters)
    {
        _command = command;
        _parameters = parameters;
    }

    /// <summary>The transaction the next rows belong to.</summary>
    public SqliteTransaction? Transaction
    {
        get => _command.Transaction;
        set => _command.Transaction = value;
    }

    public static LedgerInsert Prepare(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        var parameters = new SqliteParameter[Columns.Length];
        for (var column = 0; column < Columns.Length; column++)
        {
            parameters[column] = command.Parameters.Add($"$p{column}", SqliteType.Text);
        }

        command.CommandText = $"INSERT INTO ledger ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", parameters.Select(p => p.ParameterName))}) ON CONFLICT DO NOTHING;";
        return new LedgerInsert(command, parameters);
    }

    /// <summary>Inserts <c>entries[index]</c>; false when its request id, or its batch line (batch_id, custom_id), was already stored (nothing written).</summary>
    public bool Execute(IReadOnlyList<LedgerEntry> entries, int index)
    {
        Bind(0, entries[index]);
        return _command.ExecuteNonQuery() > 0;
    }

    public void Dispose() => _command.Dispose();

    private void Bind(int at, LedgerEntry entry)
    {
        var i = at;
        Set(i++, entry.Timestamp.ToUnixTimeMilliseconds());
        Set(i++, entry.RequestId);
        Set(i++, entry.Endpoint);
        Set(i++, entry.KeyId);
        Set(i++, entry.KeyName);
        Set(i++, entry.Team);
        Set(i++, TagsJson.GetValue(entry.Tags, tags => JsonSerializer.Serialize(tags, StorageJsonContext.Default.IReadOnlyListString)));
        Set(i++, entry.RequestedModel);
        Set(i++, entry.Model);
        Set(i++, entry.UpstreamModel);
        Set(i++, entry.Provider);
        Set(i++, entry.Attempts);
        Set(i++, entry.AttemptLog);
        Set(i++, entry.Usage.InputTokens);
        Set(i++, entry.Usage.CachedInputTokens);
        Set(i++, entry.Usage.CacheWrite5mTokens);
        Set(i++, entry.Usage.CacheWrite1hTokens);
        Set(i++, entry.Usage.OutputTokens);
        Set(i++, entry.Usage.ReasoningTokens);
        Set(i++, entry.UsageEstimated ? 1 : 0);
        Set(i++, entry.CostUsd is { } cost ? NanoUsd.From(cost) : null);
        Set(i++, NanoUsd.From(entry.SavedUsd));
        Set(i++, entry.LatencyMs);
        Set(i++, entry.TimeToFirstTokenMs);
        Set(i++, entry.StatusCode);
        Set(i++, entry.ErrorCode);
        Set(i++, CacheOutcomeNames.Of(entry.CacheOutcome));
        Set(i++, entry.Streamed ? 1 : 0);
        Set(i++, entry.Batched ? 1 : 0);
        Set(i++, entry.RequestBody);
        Set(i++, entry.ResponseBody);
        Set(i++, entry.PiiEntities);
        var promptCache = entry.PromptCache;
        Set(i++, promptCache?.Prefix);
        Set(i++, promptCache is null ? null : (long?)promptCache.PrefixTokens);
        Set(i++, promptCache is null ? null : (long?)promptCache.MinTokens);
        Set(i++, promptCache is null ? null : (long?)promptCache.Breakpoints);
        Set(i++, promptCache?.VaryingPrefixUsd is { } varying ? NanoUsd.From(varying) : null);
        Set(i++, (long?)entry.CompressionTokensBefore);
        Set(i++, (long?)entry.CompressionTokensAfter);
        Set(i++, entry.CompressedRequestBody);
        Set(i++, NanoUsd.From(entry.CacheWritePremiumUsd));
        Set(i++, entry.BatchId);
        Set(i++, entry.CustomId);
        Set(i++, entry.CompressionSummaryUsd is { } summary ? NanoUsd.From(summary) : (long?)null);
        foreach (var reason in SqliteLedgerStore.Reasons)
        {
            Set(i++, entry.Savings.Count == 0 ? 0L : NanoUsd.From(entry.Savings.GetValueOrDefault(reason)));
        }
    }

    private void Set(int index, long value) => Bind(_parameters[index], SqliteType.Integer, value);

    private void Set(int index, long? value) => Bind(_parameters[index], SqliteType.Integer, value is { } v ? v : DBNull.Value);

    private void Set(int index, double value) => Bind(_parameters[index], SqliteType.Real, value);

    private void Set(int index, double? value) => Bind(_parameters[index], SqliteType.Real, value is { } v ? v : DBNull.Value);

    private void Set(int index, string? value) => Bind(_parameters[index], SqliteType.Text, (object?)value ?? DBNull.Value);

    private static void Bind(SqliteParameter parameter, SqliteType type, object value)
    {
        if (parameter.SqliteType != type)
        {
            parameter.SqliteType = type;
        }

        parameter.Value = value;
    }
}
