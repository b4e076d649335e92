using System.Globalization;
using Frugal.Core.Accounting.Reports;
using Frugal.Core.Admission;
using Frugal.Core.Pipeline;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Budgets;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal keys create|list|update|revoke</c>: manage virtual keys in the data directory's key store, by the same rules
/// as <c>/admin/keys</c> (<see cref="KeyAdministration"/>): unique active names, text limits, expiry, allowed models,
/// per-key budgets and rate limits. <c>keys revoke NAME</c> refuses when several active keys share the name and lists their ids.
/// </summary>
public static class KeysCommand
{
    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        var config = ConfigFiles.LoadOrExit(args.Option("config"), Console.Error);
        var frugalDb = Path.GetFullPath(Path.Combine(config.DataDir, LedgerFiles.Frugal));
        var dataDirExisted = Directory.Exists(Path.GetDirectoryName(frugalDb));
        if (verb == "list")
        {
            LedgerFiles.RequireExisting(config, LedgerFiles.Frugal); // read-only: never create an empty store to list
        }

        var store = new SqliteKeyStore(new SqliteDatabase(frugalDb));
        var budgets = config.Budgets.Enabled ? new SqliteBudgetDefinitionStore(new SqliteDatabase(frugalDb)) : null; // the gateway's rule: per-key budgets only where budgets are on
        var rates = config.Budgets.Enabled ? new SqliteKeyRateLimitStore(new SqliteDatabase(frugalDb)) : null; // and per-key rate limits likewise
        var keys = new KeyAdministration(store, TimeProvider.System, budgets, rateLimits: rates);
        switch (verb)
        {
            case "create":
                var spec = new KeySpec(args.RequiredOption("name"))
                {
                    Team = args.Option("team"),
                    Tags = args.Options("tag"),
                    ExpiresAt = Expiry(args.Option("expires")),
                    AllowedModels = args.Options("allow"),
                    StoreBodies = args.Flag("store-bodies"),
                    Budget = Budget(args),
                    RateLimit = RateLimit(args),
                };
                args.EnsureAllRead();
                var created = await keys.CreateAsync(spec, CancellationToken.None);
                if (!created.IsSuccess)
                {
                    return Fail(created.Error);
                }

                var record = created.Value.Details.Key;
                Console.WriteLine(created.Value.Secret);
                Console.Error.WriteLine($"created {record.Id} '{Shown(record.Name)}'{(record.Team is null ? string.Empty : $" team={Shown(record.Team)}")}{(record.Tags.Count == 0 ? string.Empty : $" tags={Shown(string.Join(",", record.Tags))}")}{(record.ExpiresAt is { } expires ? $" expires={expires:yyyy-MM-dd HH:mm}Z" : string.Empty)}{(record.AllowedModels.Count == 0 ? string.Empty : $" allow={Shown(string.Join(",", record.AllowedModels))}")}{(created.Value.Details.RateLimit is { } rate ? $" rate={RateText(rate)}" : string.Empty)}. The key is shown once: store it now.");
                Console.Error.WriteLine(dataDirExisted
                    ? $"key store: {frugalDb}"
                    : $"warning: {Path.GetDirectoryName(frugalDb)} did not exist and was created for this key ({frugalDb}); a gateway accepts the key only if its dataDir is that directory (pass --config with the gateway's frugal.json).");
                return 0;
            case "list":
                var filter = new KeyFilter { Team = args.Option("team"), Tag = args.Option("tag"), Status = args.Option("status") };
                args.EnsureAllRead();
                var page = await keys.ListAsync(filter, KeyAdministration.MaxPageSize, after: null, CancellationToken.None);
                if (!page.IsSuccess)
                {
                    return Fail(page.Error);
                }

                Console.WriteLine($"{"ID",-18} {"NAME",-24} {"TEAM",-14} {"TAGS",-20} {"PREFIX",-12} {"CREATED",-20} {"EXPIRES",-17} {"ALLOWED",-20} {"RATE LIMIT",-28} STATUS");
                string? last = null;
                while (true)
                {
                    foreach (var details in page.Value.Keys)
                    {
                        var k = details.Key;
                        last = k.Id;
                        Console.WriteLine($"{k.Id,-18} {Shown(k.Name),-24} {Shown(k.Team ?? "-"),-14} {Shown(k.Tags.Count == 0 ? "-" : string.Join(",", k.Tags)),-20} {k.Prefix,-12} {k.CreatedAt:yyyy-MM-dd HH:mm:ss}  {(k.ExpiresAt is { } e ? e.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-"),-17} {Shown(k.AllowedModels.Count == 0 ? "any" : string.Join(",", k.AllowedModels)),-20} {(details.RateLimit is { } limit ? RateText(limit) : "-"),-28} {(k.IsRevoked ? $"revoked {k.RevokedAt:yyyy-MM-dd HH:mm}" : details.Status)}");
                    }

                    if (!page.Value.HasMore)
                    {
                        return 0;
                    }

                    page = await keys.ListAsync(filter, KeyAdministration.MaxPageSize, last, CancellationToken.None);
                    if (!page.IsSuccess)
                    {
                        return Fail(page.Error);
                    }
                }

            case "update":
                var id = args.Positionals.Count > 2 ? args.Positionals[2] : throw new CliException("Usage: frugal keys update <id> [--team TEAM] [--tag TAG ...] [--expires WHEN|never] [--allow MODEL ... | --allow any] [--budget-usd USD [--budget-window W]] [--requests-per-minute N] [--tokens-per-minute N] [--max-output-tokens N | --no-rate-limit]");
                var team = args.Option("team");
                var tags = args.Options("tag");
                var expiresText = args.Option("expires");
                var allow = args.Options("allow");
                var rateLimit = RateLimit(args);
                var removeRate = args.Flag("no-rate-limit");
                if (removeRate && rateLimit is not null)
                {
                    throw new CliException("--no-rate-limit removes the key's rate limit: give it without --requests-per-minute, --tokens-per-minute or --max-output-tokens.");
                }

                var changes = new KeyChanges
                {
                    SetsTeam = team is not null,
                    Team = team is "" or "-" ? null : team,
                    Tags = tags.Count == 0 ? null : tags,
                    SetsExpiry = expiresText is not null,
                    ExpiresAt = expiresText is null or "never" ? null : Expiry(expiresText),
                    AllowedModels = allow.Count == 0 ? null : allow is ["any"] ? [] : allow,
                    Budget = Budget(args),
                    SetsRateLimit = removeRate || rateLimit is not null,
                    RateLimit = rateLimit,
                };
                args.EnsureAllRead();
                var updated = await keys.UpdateAsync(id, changes, CancellationToken.None);
                if (!updated.IsSuccess)
                {
                    return Fail(updated.Error);
                }

                Console.WriteLine($"updated {updated.Value.Key.Id} ({updated.Value.Status}; rate limit {(updated.Value.RateLimit is { } now ? RateText(now) : "none")})");
                return 0;
            case "revoke":
                var target = args.Positionals.Count > 2 ? args.Positionals[2] : throw new CliException("Usage: frugal keys revoke <id|name>");
                args.EnsureAllRead();
                var revoked = await keys.RevokeByIdOrNameAsync(target, CancellationToken.None);
                if (!revoked.IsSuccess)
                {
                    return Fail(revoked.Error);
                }

                Console.WriteLine($"revoked {revoked.Value.Key.Id} '{Shown(revoked.Value.Key.Name)}'");
                return 0;
            default:
                throw new CliException("Usage: frugal keys create --name NAME [--team TEAM] [--tag TAG ...] [--expires WHEN] [--allow MODEL ...] [--budget-usd USD [--budget-window W]] [--requests-per-minute N] [--tokens-per-minute N] [--max-output-tokens N] [--store-bodies] | keys list [--team T] [--tag T] [--status active|expired|revoked] | keys update <id> … | keys revoke <id|name>");
        }
    }

    /// <summary>The rule's message on stderr and exit code 1 (the same message the admin API puts in its error body).</summary>
    private static int Fail(GatewayError error)
    {
        Console.Error.WriteLine(error.Message);
        return 1;
    }

    /// <summary>Names from a key store written before the limits may hold control characters: shown as \uXXXX, never raw.</summary>
    private static string Shown(string text) => PiiReportFormatter.Printable(text);

    /// <summary>An instant (ISO 8601, e.g. 2027-01-31 or 2027-01-31T18:00:00Z) or a duration from now (90m, 24h, 30d, 2w).</summary>
    private static DateTimeOffset? Expiry(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, out var duration))
        {
            return TimeProvider.System.GetUtcNow() + duration;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new CliException($"--expires must be a date such as 2027-01-31, a time such as 2027-01-31T18:00:00Z, or {Durations.Help}; not '{text}'.");
    }

    /// <summary>The rate options as one limit (null when none is given), each checked against the API's range with the option named.</summary>
    private static KeyRateLimit? RateLimit(ParsedArgs args)
    {
        var requests = Count(args, "requests-per-minute", KeyRateLimit.MaxRequestsPerMinute);
        var tokens = Count(args, "tokens-per-minute", KeyRateLimit.MaxTokensPerMinute);
        var output = Count(args, "max-output-tokens", KeyRateLimit.MaxOutputTokensCap);
        return requests is null && tokens is null && output is null ? null : new KeyRateLimit(requests, tokens, output);
    }

    private static long? Count(ParsedArgs args, string name, long max)
        => args.Option(name) is null ? null : args.Long(name, 1, max);

    /// <summary>A rate limit on one line: <c>rpm=60,tpm=100000,max_out=1024</c> (only the counters it limits).</summary>
    private static string RateText(KeyRateLimit limit)
    {
        var parts = new List<string>(3);
        if (limit.RequestsPerMinute is { } rpm)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"rpm={rpm}"));
        }

        if (limit.TokensPerMinute is { } tpm)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"tpm={tpm}"));
        }

        if (limit.MaxOutputTokens is { } output)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"max_out={output}"));
        }

        return string.Join(",", parts);
    }

    private static KeyBudget? Budget(ParsedArgs args)
    {
        var usd = args.Option("budget-usd");
        var window = args.Option("budget-window");
        if (usd is null)
        {
            return window is null ? null : throw new CliException("--budget-window needs --budget-usd.");
        }

        return decimal.TryParse(usd, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? new KeyBudget(amount, window)
            : throw new CliException($"--budget-usd must be a number of US dollars, not '{usd}'.");
    }
}
