using Frugal.Tests.Infrastructure;
using Frugal.Tests.Storage.Migrations;

namespace Frugal.Tests.Admin;

/// <summary>
/// <c>frugal keys</c> follows the admin API's rules (issue #19: a duplicate name was accepted and <c>keys revoke NAME</c>
/// revoked every key with that name).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class KeysCliTests
{
    private readonly string _dir = SqliteFixtures.NewDirectory();

    [Fact]
    public async Task A_duplicate_name_is_refused_and_bad_text_is_an_error_naming_the_limit()
    {
        var config = Config();
        Assert.Equal(0, (await CliRunner.RunAsync("keys", "create", "--name", "crm", "--config", config)).ExitCode);

        var (code, output, error) = await CliRunner.RunAsync("keys", "create", "--name", "crm", "--config", config);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output); // no secret printed for a key that was not made
        Assert.Contains("already named 'crm'", error, StringComparison.Ordinal);

        var (longCode, _, longError) = await CliRunner.RunAsync("keys", "create", "--name", new string('x', 65), "--config", config);
        Assert.Equal(1, longCode);
        Assert.Contains("the limit is 64", longError, StringComparison.Ordinal);
        var (escCode, _, escError) = await CliRunner.RunAsync("keys", "create", "--name", "ok", "--team", "\u001b[2J", "--config", config);
        Assert.Equal(1, escCode);
        Assert.Contains("U+001B", escError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_by_a_shared_name_lists_the_ids_and_revokes_nothing()
    {
        var config = Config();
        Assert.Equal(0, (await CliRunner.RunAsync("keys", "create", "--name", "legacy", "--config", config)).ExitCode);
        // A second active key with the same name, as files written before names were unique hold them.
        var path = Path.Combine(_dir, "data", "frugal.db");
        SqliteFixtures.Execute(path, "DROP INDEX virtual_keys_active_name;");
        SqliteFixtures.Execute(path, "INSERT INTO virtual_keys (id, key_hash, name, tags, prefix, created_at) VALUES ('key_twin', 'h', 'legacy', '[]', 'fk-t…', '2026-01-01T00:00:00Z');");

        var (code, _, error) = await CliRunner.RunAsync("keys", "revoke", "legacy", "--config", config);
        Assert.Equal(1, code);
        Assert.Contains("2 active keys are named 'legacy'", error, StringComparison.Ordinal);
        Assert.Contains("key_twin", error, StringComparison.Ordinal);
        Assert.Equal(0, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM virtual_keys WHERE revoked_at IS NOT NULL"));

        var (byId, revoked, _) = await CliRunner.RunAsync("keys", "revoke", "key_twin", "--config", config);
        Assert.Equal(0, byId);
        Assert.Contains("revoked key_twin", revoked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_expiry_and_allowed_models_then_update_and_list_by_status()
    {
        var config = Config();
        var (code, key, note) = await CliRunner.RunAsync("keys", "create", "--name", "etl", "--expires", "30d", "--allow", "gpt-4o-mini", "--allow", "auto", "--config", config);
        Assert.Equal(0, code);
        Assert.StartsWith("fk-", key, StringComparison.Ordinal);
        Assert.Contains("allow=gpt-4o-mini,auto", note, StringComparison.Ordinal);
        var id = note.Split(' ')[1];

        Assert.Equal(0, (await CliRunner.RunAsync("keys", "update", id, "--allow", "any", "--expires", "never", "--team", "data", "--config", config)).ExitCode);
        var (_, list, _) = await CliRunner.RunAsync("keys", "list", "--status", "active", "--config", config);
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Contains(" any ", list, StringComparison.Ordinal);
        Assert.Contains("data", list, StringComparison.Ordinal);

        var (pastCode, _, pastError) = await CliRunner.RunAsync("keys", "update", id, "--expires", "2001-01-01", "--config", config);
        Assert.Equal(1, pastCode);
        Assert.Contains("not in the future", pastError, StringComparison.Ordinal);
        var (budgetCode, _, budgetError) = await CliRunner.RunAsync("keys", "update", id, "--budget-usd", "5", "--config", config);
        Assert.Equal(1, budgetCode);
        Assert.Contains("\"budgets\" section", budgetError, StringComparison.Ordinal); // the gateway's rule, not a silent no-op
    }

    private string Config()
    {
        var path = Path.Combine(_dir, "frugal.json");
        File.WriteAllText(path, $$"""{"dataDir":"{{_dir.Replace("\\", "/", StringComparison.Ordinal)}}/data"}""");
        return path;
    }
}
