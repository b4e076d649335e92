using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-cli-tests", Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_dir, "frugal.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Keys_create_list_revoke()
    {
        var config = WriteConfig($$"""{"dataDir":"{{_dir}}/data"}""");

        var (created, key, note) = await CliRunner.RunAsync("keys", "create", "--name", "crm-summary", "--team", "sales", "--tag", "odoo", "--tag", "eu", "--config", config);
        Assert.Equal(0, created);
        key = key.Trim();
        Assert.Matches("^fk-[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("shown once", note, StringComparison.Ordinal);

        var (listed, list, _) = await CliRunner.RunAsync("keys", "list", "--config", config);
        Assert.Equal(0, listed);
        Assert.Contains("crm-summary", list, StringComparison.Ordinal);
        Assert.Contains("sales", list, StringComparison.Ordinal);
        Assert.Contains("odoo,eu", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.Contains("active", list, StringComparison.Ordinal);

        var (revoked, _, _) = await CliRunner.RunAsync("keys", "revoke", "crm-summary", "--config", config);
        Assert.Equal(0, revoked);
        var (_, afterRevoke, _) = await CliRunner.RunAsync("keys", "list", "--config", config);
        Assert.Contains("revoked", afterRevoke, StringComparison.Ordinal);

        var (again, _, error) = await CliRunner.RunAsync("keys", "revoke", "crm-summary", "--config", config);
        Assert.Equal(1, again);
        Assert.Contains("No active key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_validate_prints_every_problem_with_its_path()
    {
        var config = WriteConfig("""{"auth":{"mode":"open"},"providers":{"x":{"baseUrl":"ftp://x"}},"models":{"m":{"provider":"y"}}}""");

        var (code, output, _) = await CliRunner.RunAsync("config", "validate", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("$.auth.mode:", output, StringComparison.Ordinal);
        Assert.Contains("$.providers.x.baseUrl:", output, StringComparison.Ordinal);
        Assert.Contains("$.models.m.provider:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_validate_accepts_a_good_file()
    {
        var config = WriteConfig("""{"auth":{"mode":"none"},"providers":{"mock":{"baseUrl":"http://127.0.0.1:9000/v1"}},"models":{"gpt-4o-mini":{"provider":"mock"}}}""");

        var (code, output, _) = await CliRunner.RunAsync("config", "validate", "--config", config);

        Assert.Equal(0, code);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_an_invalid_config_with_the_same_messages()
    {
        var config = WriteConfig("""{"providers":{"x":{"baseUrl":"nope"}}}""");

        var (code, _, error) = await CliRunner.RunAsync("serve", "--config", config, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains("$.providers.x.baseUrl:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_no_auth_on_a_public_address()
    {
        var config = WriteConfig($$$"""{"dataDir":"{{{_dir}}}/data","auth":{"mode":"none"}}""");

        var (code, _, error) = await CliRunner.RunAsync("serve", "--config", config, "--urls", "http://0.0.0.0:0");

        Assert.Equal(1, code);
        Assert.Contains("only allowed on loopback", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_options_are_errors_not_ignored()
    {
        var (code, _, error) = await CliRunner.RunAsync("config", "validate", "--confg", "x.json");

        Assert.Equal(2, code);
        Assert.Contains("--confg", error, StringComparison.Ordinal);
    }
}
