using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;

namespace Frugal.Cli.Commands;

/// <summary><c>frugal keys create|list|revoke</c>: manage virtual keys in the data directory's key store.</summary>
public static class KeysCommand
{
    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        var config = ConfigFiles.LoadOrExit(args.Option("config"), Console.Error);
        var storePath = Path.GetFullPath(Path.Combine(config.DataDir, LedgerFiles.Frugal));
        var dataDirExisted = Directory.Exists(Path.GetDirectoryName(storePath));
        if (verb == "list")
        {
            LedgerFiles.RequireExisting(config, LedgerFiles.Frugal); // read-only: never create an empty store to list
        }

        var store = new SqliteKeyStore(new SqliteDatabase(storePath));
        switch (verb)
        {
            case "create":
                var name = args.RequiredOption("name");
                var team = args.Option("team");
                var tags = args.Options("tag");
                var storeBodies = args.Flag("store-bodies");
                args.EnsureAllRead();
                var (record, key) = await VirtualKeys.CreateAsync(store, name, team, tags, TimeProvider.System, CancellationToken.None, storeBodies);
                Console.WriteLine(key);
                Console.Error.WriteLine($"created {record.Id} '{record.Name}'{(team is null ? string.Empty : $" team={team}")}{(tags.Count == 0 ? string.Empty : $" tags={string.Join(",", tags)}")}. The key is shown once: store it now.");
                Console.Error.WriteLine(dataDirExisted
                    ? $"key store: {storePath}"
                    : $"warning: {Path.GetDirectoryName(storePath)} did not exist and was created for this key ({storePath}); a gateway accepts the key only if its dataDir is that directory (pass --config with the gateway's frugal.json).");
                return 0;
            case "list":
                args.EnsureAllRead();
                var keys = await store.ListAsync(CancellationToken.None);
                Console.WriteLine($"{"ID",-18} {"NAME",-24} {"TEAM",-14} {"TAGS",-20} {"PREFIX",-12} {"CREATED",-20} STATUS");
                foreach (var k in keys)
                {
                    Console.WriteLine($"{k.Id,-18} {k.Name,-24} {k.Team ?? "-",-14} {(k.Tags.Count == 0 ? "-" : string.Join(",", k.Tags)),-20} {k.Prefix,-12} {k.CreatedAt:yyyy-MM-dd HH:mm:ss}  {(k.IsRevoked ? $"revoked {k.RevokedAt:yyyy-MM-dd HH:mm}" : "active")}");
                }

                return 0;
            case "revoke":
                var target = args.Positionals.Count > 2 ? args.Positionals[2] : throw new CliException("Usage: frugal keys revoke <id|name>");
                args.EnsureAllRead();
                if (await store.RevokeAsync(target, TimeProvider.System.GetUtcNow(), CancellationToken.None))
                {
                    Console.WriteLine($"revoked {target}");
                    return 0;
                }

                Console.Error.WriteLine($"no active key with id or name '{target}'");
                return 1;
            default:
                throw new CliException("Usage: frugal keys create --name NAME [--team TEAM] [--tag TAG ...] [--store-bodies] | keys list | keys revoke <id|name>");
        }
    }
}
