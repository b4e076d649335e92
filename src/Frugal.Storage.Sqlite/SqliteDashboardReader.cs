using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Dashboard;
using Frugal.Core.Accounting.Reports;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>
/// The dashboard's queries. Charts and rankings read only the hourly rollups (a 30-day window is at most
/// 720 hours × a few models), so their cost does not grow with the ledger; the recent table is an indexed
/// <c>ORDER BY ts_ms DESC LIMIT n</c>.
/// </summary>
public sealed class SqliteDashboardReader(SqliteLedgerStore store) : IDashboardReader
{
    private const int TopN = 10;

    /// <summary>Route × model rows in the provider-cache panel.</summary>
    private const int ProviderCacheRows = 20;

    // Synchronous inside: SQLite has no async I/O, and the callers are admin endpoints, not the request path.
    public Task<DashboardSummary> SummaryAsync(DashboardPeriod period, CancellationToken cancellationToken)
    {
        using var connection = store.Database.Open();
        var since = period.Since.ToUnixTimeMilliseconds();
        var until = period.Until.ToUnixTimeMilliseconds();
        var step = (long)period.Step.TotalMilliseconds;
        var bucketCount = period.BucketCount;
        var buckets = Enumerable.Range(0, bucketCount).Select(i => since + (i * step)).ToArray();

        var spend = new Dictionary<string, decimal[]>(StringComparer.Ordinal);
        var saved = SqliteLedgerStore.Reasons.ToDictionary(r => r, _ => new decimal[bucketCount]);
        var hits = new long[bucketCount];
        var lookups = new long[bucketCount];
        var requests = new long[bucketCount];
        long totalRequests = 0, errors = 0, input = 0, output = 0, exactHits = 0, semanticHits = 0, totalLookups = 0, unpriced = 0, cost = 0, savedTotal = 0, voided = 0;
        var savedByReason = new long[SqliteLedgerStore.Reasons.Length];

        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT hour_ms, value, requests, errors, input_tokens, output_tokens, cost_nusd, unpriced, saved_nusd,
                       cache_hits, semantic_hits, cache_lookups, saving_voided_nusd, {string.Join(", ", LedgerRollups.SavingColumns)}
                FROM ledger_rollup_hourly
                WHERE dim = 'model' AND hour_ms >= $since AND hour_ms < $until
                """;
            command.Parameters.AddWithValue("$since", since);
            command.Parameters.AddWithValue("$until", until);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var bucket = (int)((reader.GetInt64(0) - since) / step);
                var model = reader.GetString(1);
                if (!spend.TryGetValue(model, out var series))
                {
                    spend[model] = series = new decimal[bucketCount];
                }

                series[bucket] += NanoUsd.ToUsd(reader.GetInt64(6));
                requests[bucket] += reader.GetInt64(2);
                hits[bucket] += reader.GetInt64(9) + reader.GetInt64(10);
                lookups[bucket] += reader.GetInt64(11);
                for (var r = 0; r < SqliteLedgerStore.Reasons.Length; r++)
                {
                    var reason = reader.GetInt64(13 + r);
                    saved[SqliteLedgerStore.Reasons[r]][bucket] += NanoUsd.ToUsd(reason);
                    savedByReason[r] += reason;
                }

                voided += reader.GetInt64(12);

                totalRequests += reader.GetInt64(2);
                errors += reader.GetInt64(3);
                input += reader.GetInt64(4);
                output += reader.GetInt64(5);
                cost += reader.GetInt64(6);
                unpriced += reader.GetInt64(7);
                savedTotal += reader.GetInt64(8);
                exactHits += reader.GetInt64(9);
                semanticHits += reader.GetInt64(10);
                totalLookups += reader.GetInt64(11);
            }
        }

        var summary = new DashboardSummary
        {
            Period = period.Name,
            Since = period.Since,
            Until = period.Until,
            StepMs = step,
            Buckets = buckets,
            Totals = Totals(totalRequests, errors, cost, savedTotal, input, output, exactHits, semanticHits, totalLookups, unpriced, savedByReason, voided),
            SavingBaselines = Baselines(savedByReason),
            SpendByModel = GroupFolding.Fold([.. spend.OrderByDescending(kv => kv.Value.Sum()).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new DashboardSeries(kv.Key, kv.Value))]), // top 10 + "other (N names)"
            SavedByReason = [.. saved.Select(kv => new DashboardSeries(ReportFormatter.ReasonName(kv.Key), kv.Value))],
            CacheHitRate = [.. Enumerable.Range(0, bucketCount).Select(i => lookups[i] == 0 ? (double?)null : (double)hits[i] / lookups[i])],
            RequestsPerBucket = requests,
            TopModels = Top(connection, LedgerRollups.Model, since, until),
            TopRoutes = Top(connection, LedgerRollups.Route, since, until),
            TopKeys = Top(connection, LedgerRollups.Key, since, until),
            TopTeams = Top(connection, LedgerRollups.Team, since, until),
            TopTags = Top(connection, LedgerRollups.Tag, since, until),
            Latency = Percentiles(connection, LedgerRollups.Latency, since, until),
            TimeToFirstToken = Percentiles(connection, LedgerRollups.TimeToFirstToken, since, until),
            ProviderCache = ProviderCache(connection, since, until),
            Pii = [.. PiiRows(connection, LedgerRollups.Pii, "route", since, until), .. PiiRows(connection, LedgerRollups.PiiKey, "key", since, until)],
        };
        return Task.FromResult(summary);
    }

    private static DashboardTotals Totals(
        long requests, long errors, long cost, long saved, long input, long output, long exactHits, long semanticHits, long lookups, long unpriced,
        long[] savedByReason, long voided)
    {
        var provider = savedByReason[Array.IndexOf(SqliteLedgerStore.Reasons, SavingReason.ProviderCache)];
        var frugal = saved - provider;
        return new DashboardTotals(
            requests, errors, NanoUsd.ToUsd(cost), NanoUsd.ToUsd(saved), input, output, exactHits, semanticHits, lookups, unpriced,
            FrugalSavedUsd: NanoUsd.ToUsd(frugal),
            ProviderCacheDiscountUsd: NanoUsd.ToUsd(provider),
            WouldHaveCostUsd: NanoUsd.ToUsd(cost + frugal),
            SavingVoidedUsd: NanoUsd.ToUsd(voided));
    }

    private static DashboardSavingBaseline[] Baselines(long[] savedByReason)
    {
        var baselines = new DashboardSavingBaseline[SqliteLedgerStore.Reasons.Length];
        for (var r = 0; r < baselines.Length; r++)
        {
            var reason = SqliteLedgerStore.Reasons[r];
            baselines[r] = new DashboardSavingBaseline(ReportFormatter.ReasonName(reason), SavingBaselines.IsFrugals(reason), NanoUsd.ToUsd(savedByReason[r]), SavingBaselines.Baseline(reason));
        }

        return baselines;
    }

    public Task<IReadOnlyList<RecentRequest>> RecentAsync(RecentRequestsQuery query, CancellationToken cancellationToken)
    {
        using var connection = store.Database.Open();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string column, string? value, string name)
        {
            if (value is { Length: > 0 })
            {
                where.Add($"{column} = {name}");
                command.Parameters.AddWithValue(name, value);
            }
        }

        if (query.Since is { } sinceTime)
        {
            where.Add("ts_ms >= $since");
            command.Parameters.AddWithValue("$since", sinceTime.ToUnixTimeMilliseconds());
        }

        if (query.BeforeMs is { } before)
        {
            where.Add("ts_ms < $before");
            command.Parameters.AddWithValue("$before", before);
        }

        Filter("model", query.Model, "$model");
        Filter("requested_model", query.Route, "$route");
        Filter("cache_outcome", query.CacheOutcome, "$cache");
        Filter("key_id", query.Key, "$key");
        Filter("team", query.Team, "$team");
        if (query.ErrorsOnly)
        {
            where.Add("status >= 400");
        }

        command.CommandText = $"""
            SELECT ts_ms, request_id, key_id, key_name, team, requested_model, model, provider, cache_outcome,
                   input_tokens, output_tokens, cost_nusd, saved_nusd, latency_ms, ttft_ms, status, error_code
            FROM ledger
            {(where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where))}
            ORDER BY ts_ms DESC, id DESC
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, RecentRequestsQuery.MaxLimit));
        var rows = new List<RecentRequest>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new RecentRequest(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7),
                reader.GetString(8), reader.GetInt64(9), reader.GetInt64(10), reader.IsDBNull(11) ? null : NanoUsd.ToUsd(reader.GetInt64(11)),
                NanoUsd.ToUsd(reader.GetInt64(12)), reader.GetDouble(13), reader.IsDBNull(14) ? null : reader.GetDouble(14), reader.GetInt32(15), Text(reader, 16)));
        }

        return Task.FromResult<IReadOnlyList<RecentRequest>>(rows);
    }

    private static List<DashboardRanking> Top(SqliteConnection connection, string dim, long since, long until)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT value, MAX(label), SUM(requests), SUM(cost_nusd), SUM(saved_nusd)
            FROM ledger_rollup_hourly
            WHERE dim = $dim AND hour_ms >= $since AND hour_ms < $until
            GROUP BY value
            ORDER BY SUM(cost_nusd) DESC, SUM(requests) DESC, value
            LIMIT $top
            """;
        command.Parameters.AddWithValue("$dim", dim);
        command.Parameters.AddWithValue("$since", since);
        command.Parameters.AddWithValue("$until", until);
        command.Parameters.AddWithValue("$top", TopN);
        var rows = new List<DashboardRanking>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new DashboardRanking(reader.GetString(0), Text(reader, 1), reader.GetInt64(2), NanoUsd.ToUsd(reader.GetInt64(3)), NanoUsd.ToUsd(reader.GetInt64(4))));
        }

        return rows;
    }

    /// <summary>The provider-cache panel: route × model cells of the rollups, busiest first (a few rows per hour at most).</summary>
    private static List<DashboardProviderCacheRow> ProviderCache(SqliteConnection connection, long since, long until)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT value, SUM(requests), SUM(input_tokens), SUM(cached_input_tokens), SUM(cache_write_tokens),
                   SUM(saved_provider_cache_nusd), SUM(cache_write_premium_nusd), SUM(prompt_cache_measured), SUM(prompt_cache_eligible)
            FROM ledger_rollup_hourly
            WHERE dim = $dim AND hour_ms >= $since AND hour_ms < $until
            GROUP BY value
            ORDER BY SUM(input_tokens) DESC, value
            LIMIT $top
            """;
        command.Parameters.AddWithValue("$dim", LedgerRollups.RouteModel);
        command.Parameters.AddWithValue("$since", since);
        command.Parameters.AddWithValue("$until", until);
        command.Parameters.AddWithValue("$top", ProviderCacheRows);
        var rows = new List<DashboardProviderCacheRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var value = reader.GetString(0);
            var split = value.LastIndexOf(LedgerRollups.RouteModelSeparator);
            rows.Add(new DashboardProviderCacheRow(
                split < 0 ? value : value[..split], split < 0 ? string.Empty : value[(split + 1)..],
                reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                NanoUsd.ToUsd(reader.GetInt64(5)), NanoUsd.ToUsd(reader.GetInt64(6)), reader.GetInt64(7), reader.GetInt64(8)));
        }

        return rows;
    }

    /// <summary>The personal-data panel: entity-type cells of one rollup dim (route or key), most values first.</summary>
    private static List<DashboardPiiRow> PiiRows(SqliteConnection connection, string dim, string scope, long since, long until)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT value, MAX(label), SUM(pii_values), SUM(requests)
            FROM ledger_rollup_hourly
            WHERE dim = $dim AND hour_ms >= $since AND hour_ms < $until
            GROUP BY value
            HAVING SUM(pii_values) > 0
            ORDER BY SUM(pii_values) DESC, value
            LIMIT $top
            """;
        command.Parameters.AddWithValue("$dim", dim);
        command.Parameters.AddWithValue("$since", since);
        command.Parameters.AddWithValue("$until", until);
        command.Parameters.AddWithValue("$top", ProviderCacheRows);
        var rows = new List<DashboardPiiRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var value = reader.GetString(0);
            var split = value.LastIndexOf(LedgerRollups.RouteModelSeparator);
            var name = split < 0 ? value : value[..split];
            rows.Add(new DashboardPiiRow(scope, Text(reader, 1) ?? name, split < 0 ? string.Empty : value[(split + 1)..], reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }

    private static DashboardPercentiles Percentiles(SqliteConnection connection, string metric, long since, long until)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT bucket, SUM(count) FROM ledger_latency_hourly
            WHERE metric = $metric AND hour_ms >= $since AND hour_ms < $until
            GROUP BY bucket ORDER BY bucket
            """;
        command.Parameters.AddWithValue("$metric", metric);
        command.Parameters.AddWithValue("$since", since);
        command.Parameters.AddWithValue("$until", until);
        var histogram = new List<(int Bucket, long Count)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                histogram.Add((reader.GetInt32(0), reader.GetInt64(1)));
            }
        }

        return new DashboardPercentiles(
            histogram.Sum(h => h.Count),
            LatencyBuckets.Percentile(histogram, 0.50),
            LatencyBuckets.Percentile(histogram, 0.90),
            LatencyBuckets.Percentile(histogram, 0.95),
            LatencyBuckets.Percentile(histogram, 0.99));
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
