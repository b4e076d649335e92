using System.Globalization;
using System.Text;
using System.Text.Json;
using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Configuration;
using Frugal.Storage.Redis;
using Frugal.Storage.Redis.Budgets;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Budgets;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal budgets set|list|reset</c> and <c>frugal report alerts</c>. Run-time budgets and resets go to
/// frugal.db, where a running gateway picks them up within <c>budgets.refreshSeconds</c>.
/// </summary>
public static class BudgetsCommand
{
    public const string Usage = "Usage: frugal budgets set --scope key|team|tag|global [--subject S] --window daily|monthly|rolling:Nd --usd N [--id ID] [--threshold 0.5:alert ...] | budgets list | budgets reset <id>";

    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        var config = ConfigFiles.LoadOrExit(args.Option("config"), Console.Error);
        if (verb == "list")
        {
            // Read-only: never create the data directory or empty databases to list from.
            LedgerFiles.RequireExisting(config, LedgerFiles.Frugal);
            if (config.Budgets.Storage != BudgetStorageKind.Redis)
            {
                LedgerFiles.RequireExisting(config, LedgerFiles.Ledger);
            }
        }

        var frugalDb = new SqliteDatabase(Path.Combine(config.DataDir, "frugal.db"));
        var definitions = new SqliteBudgetDefinitionStore(frugalDb);
        switch (verb)
        {
            case "set":
                return await SetAsync(args, definitions);
            case "list":
                args.EnsureAllRead();
                await ListAsync(config, frugalDb, definitions);
                return 0;
            case "reset":
                var id = args.Positionals.Count > 2 ? args.Positionals[2] : throw new CliException("Usage: frugal budgets reset <id>");
                args.EnsureAllRead();
                return await ResetAsync(config, definitions, id);
            default:
                throw new CliException(Usage);
        }
    }

    /// <summary><c>frugal report alerts [--since 30d]</c>: the thresholds fired, oldest first.</summary>
    public static async Task<int> ReportAlertsAsync(ParsedArgs args)
    {
        var config = ConfigFiles.LoadOrExit(args.Option("config"), Console.Error);
        var since = args.Option("since") ?? "30d";
        args.EnsureAllRead();
        if (!since.EndsWith('d') || !int.TryParse(since.AsSpan(0, since.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            throw new CliException($"--since must be a number of days such as 30d, not '{since}'.");
        }

        var log = new SqliteBudgetAlertLog(new SqliteDatabase(LedgerFiles.RequireExisting(config, LedgerFiles.Frugal)));
        var alerts = await log.ListAsync(TimeProvider.System.GetUtcNow().AddDays(-days), CancellationToken.None);
        var table = new CliTable().Column("FIRED (UTC)").Column("BUDGET").Column("AT", numeric: true).Column("ACTION").Column("SPENT USD", numeric: true).Column("LIMIT USD", numeric: true);
        foreach (var alert in alerts)
        {
            table.Row(
                alert.FiredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                alert.BudgetId,
                string.Create(CultureInfo.InvariantCulture, $"{alert.Threshold * 100:0.#}%"),
                alert.Action,
                alert.SpentUsd.ToString("0.######", CultureInfo.InvariantCulture),
                alert.LimitUsd.ToString("0.######", CultureInfo.InvariantCulture));
        }

        table.Write();

        if (alerts.Count == 0)
        {
            Console.WriteLine($"(no budget alerts in the last {days} days)");
        }

        return 0;
    }

    private static async Task<int> SetAsync(ParsedArgs args, IBudgetDefinitionStore definitions)
    {
        // Built as the config's JSON and read by the config reader, so the CLI, the admin API and frugal.json agree on every rule.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteIfPresent(writer, "id", args.Option("id"));
            WriteIfPresent(writer, "scope", args.RequiredOption("scope"));
            WriteIfPresent(writer, "subject", args.Option("subject"));
            WriteIfPresent(writer, "window", args.RequiredOption("window"));
            var usd = args.RequiredOption("usd");
            if (!decimal.TryParse(usd, NumberStyles.Number, CultureInfo.InvariantCulture, out var limit))
            {
                throw new CliException($"--usd must be a number of dollars, not '{usd}'.");
            }

            writer.WriteNumber("usd", limit);
            var thresholds = args.Options("threshold");
            if (thresholds.Count > 0)
            {
                writer.WriteStartArray("thresholds");
                foreach (var threshold in thresholds)
                {
                    var parts = threshold.Split(':');
                    if (parts.Length is < 1 or > 2 || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var at))
                    {
                        throw new CliException($"--threshold must look like 0.8:alert, 0.9:downgrade or 0.95:block, not '{threshold}'.");
                    }

                    writer.WriteStartObject();
                    writer.WriteNumber("at", at);
                    writer.WriteString("action", parts.Length == 2 ? parts[1] : "alert");
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        args.EnsureAllRead();
        var budget = BudgetJson.Parse(Encoding.UTF8.GetString(buffer.ToArray()), "runtime", out var problems);
        if (budget is null)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"error: {problem.Path.Replace("$.", "--", StringComparison.Ordinal)}: {problem.Message}");
            }

            return 1;
        }

        await definitions.UpsertAsync(budget, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"set {budget.Id}: ${budget.LimitUsd} {budget.Window} for {BudgetDefinition.ScopeName(budget.Scope)} {budget.Subject}; thresholds {string.Join(", ", BudgetGuard.Thresholds(budget).Select(t => $"{t.At * 100:0.#}% {BudgetThreshold.ActionName(t.Action)}"))}"));
        return 0;
    }

    private static async Task ListAsync(GatewayConfig config, SqliteDatabase frugalDb, IBudgetDefinitionStore definitions)
    {
        var catalog = new BudgetCatalog(config);
        catalog.ReplaceRuntime(await definitions.ListAsync(CancellationToken.None));
        Console.WriteLine($"{"ID",-32} {"SOURCE",-8} {"WINDOW",-12} {"LIMIT USD",12} {"SPENT USD",14} {"USED",7}  RESETS (UTC)");
        if (catalog.All.Count == 0)
        {
            Console.WriteLine("(no budgets: add a \"budgets\" section to the config or run frugal budgets set)");
            return;
        }

        await using var store = OpenStore(config, frugalDb, definitions);
        var usages = await store.Store.UsageAsync(catalog.All, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        foreach (var usage in usages)
        {
            var budget = usage.Budget;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{budget.Id,-32} {budget.Source,-8} {budget.Window,-12} {budget.LimitUsd,12:0.######} {usage.SpentUsd,14:0.######} {usage.Spent * 100,6:0.0}%  {usage.ResetsAt:yyyy-MM-dd HH:mm}"));
        }
    }

    private static async Task<int> ResetAsync(GatewayConfig config, IBudgetDefinitionStore definitions, string id)
    {
        var catalog = new BudgetCatalog(config);
        catalog.ReplaceRuntime(await definitions.ListAsync(CancellationToken.None));
        if (catalog.All.FirstOrDefault(b => b.Id == id) is not { } budget)
        {
            Console.Error.WriteLine($"no budget with id '{id}'; see frugal budgets list");
            return 1;
        }

        var now = TimeProvider.System.GetUtcNow();
        await definitions.ResetAsync(id, now, CancellationToken.None);
        if (config.Budgets.Storage == BudgetStorageKind.Redis)
        {
            await using var redis = new RedisConnector(config.Redis);
            await new RedisBudgetStore(redis).ResetAsync(budget, now, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reset {id}: spend before {now:yyyy-MM-dd HH:mm:ss} UTC no longer counts (a running gateway applies it within {config.Budgets.RefreshInterval.TotalSeconds:0} s)"));
        return 0;
    }

    private static OpenedStore OpenStore(GatewayConfig config, SqliteDatabase frugalDb, IBudgetDefinitionStore definitions)
    {
        if (config.Budgets.Storage == BudgetStorageKind.Redis)
        {
            var redis = new RedisConnector(config.Redis);
            return new OpenedStore(new RedisBudgetStore(redis), redis);
        }

        var ledger = new SqliteDatabase(Path.Combine(config.DataDir, "ledger.db"));
        return new OpenedStore(new SqliteBudgetStore(ledger, definitions, new SqliteBudgetAlertLog(frugalDb), countEvaluationSpend: config.Budgets.CountEvaluationSpend), null);
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private sealed record OpenedStore(IBudgetStore Store, RedisConnector? Redis) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Redis?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
