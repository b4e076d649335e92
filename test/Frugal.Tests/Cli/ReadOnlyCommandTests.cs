using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Cli;

/// <summary>Read-only commands run where there is no gateway data: they say where they looked, exit 1 and create nothing.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReadOnlyCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-cli-readonly", Guid.NewGuid().ToString("N"));

    public ReadOnlyCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("report", "no ledger at")]
    [InlineData("report --by pii", "no ledger at")]
    [InlineData("report alerts", "no key and budget store at")]
    [InlineData("budgets list", "no key and budget store at")]
    [InlineData("keys list", "no key and budget store at")]
    [InlineData("estimate --from-ledger --what-if-model gpt-4o", "no ledger at")]
    public async Task A_missing_data_directory_is_named_and_not_created(string line, string message)
    {
        var dataDir = Path.Combine(_dir, "frugal-data");
        var config = Path.Combine(_dir, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""{"dataDir":"{{dataDir}}"}""");

        var (code, output, error) = await CliRunner.RunAsync([.. line.Split(' '), "--config", config]);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        var only = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, only, StringComparison.Ordinal);
        Assert.Contains($"{dataDir} does not exist", only, StringComparison.Ordinal);
        Assert.Contains("frugal serve", only, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir), "a read-only command created the data directory");
    }

    [Fact]
    public async Task An_empty_data_directory_is_named_and_no_database_is_created()
    {
        var dataDir = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(dataDir);
        var config = Path.Combine(_dir, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""{"dataDir":"{{dataDir}}"}""");

        var (code, _, error) = await CliRunner.RunAsync("report", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains($"{dataDir} has no ledger.db", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dataDir));
    }

    [Fact]
    public async Task Keys_create_where_no_data_directory_exists_says_where_the_key_went()
    {
        var dataDir = Path.Combine(_dir, "fresh");
        var config = Path.Combine(_dir, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""{"dataDir":"{{dataDir}}"}""");

        var (code, key, note) = await CliRunner.RunAsync("keys", "create", "--name", "x", "--config", config);

        Assert.Equal(0, code);
        Assert.StartsWith("fk-", key, StringComparison.Ordinal);
        Assert.Contains($"warning: {dataDir} did not exist", note, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dataDir, "frugal.db"), note, StringComparison.Ordinal);

        var (again, _, second) = await CliRunner.RunAsync("keys", "create", "--name", "y", "--config", config);
        Assert.Equal(0, again);
        Assert.Contains($"key store: {Path.Combine(dataDir, "frugal.db")}", second, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", second, StringComparison.Ordinal);
    }
}
