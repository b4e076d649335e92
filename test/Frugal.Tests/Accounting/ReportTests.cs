using System.Globalization;
using System.Text.Json;
using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Accounting;

/// <summary>
/// Known traffic from two teams' keys, then every report figure is checked against totals
/// computed by hand from the responses' own usage and the list prices.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReportTests : IAsyncLifetime
{
    private readonly string _adminVariable = "FRUGAL_TEST_ADMIN_" + Guid.NewGuid().ToString("N");
    private TestGateway _gateway = null!;
    private readonly List<(string Key, string Model, long Prompt, long Cached, long Completion)> _calls = [];

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_adminVariable, "admin-secret-1");
        _gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: _adminVariable);
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(_gateway.DataDir, "frugal.db")));
        var (_, sales) = await VirtualKeys.CreateAsync(store, "crm", "sales", ["odoo", "eu"], TimeProvider.System, CancellationToken.None);
        var (_, support) = await VirtualKeys.CreateAsync(store, "helpdesk", "support", ["eu"], TimeProvider.System, CancellationToken.None);
        var plan = new[]
        {
            (sales, "crm", "gpt-4o-mini", "summarise lead 1 [[cached:12]]"),
            (sales, "crm", "gpt-4o-mini", "summarise lead 2"),
            (sales, "crm", "gpt-4o-mini", "summarise lead 3 [[tokens:40]]"),
            (support, "helpdesk", "gpt-4o-mini", "answer ticket 1"),
            (support, "helpdesk", "mock/gpt-4o", "escalate ticket 2 [[cached:8]]"),
        };
        foreach (var (key, name, model, text) in plan)
        {
            using var response = await _gateway.PostJsonAsync("/v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{text}}"}]}""", key);
            var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("usage");
            _calls.Add((name, model, usage.GetProperty("prompt_tokens").GetInt64(), usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64(), usage.GetProperty("completion_tokens").GetInt64()));
        }

        using (await _gateway.PostJsonAsync("/v1/chat/completions", "{bad", sales))
        {
        }

        await LedgerRows.FlushAsync(_gateway);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Environment.SetEnvironmentVariable(_adminVariable, null);
    }

    /// <summary>List prices per 1M tokens: gpt-4o-mini 0.15/0.075/0.60, gpt-4o 2.50/1.25/10.00.</summary>
    private static decimal HandCost(string model, long prompt, long cached, long completion) => model == "gpt-4o-mini"
        ? (((prompt - cached) * 0.15m) + (cached * 0.075m) + (completion * 0.60m)) / 1_000_000m
        : (((prompt - cached) * 2.50m) + (cached * 1.25m) + (completion * 10.00m)) / 1_000_000m;

    private decimal HandTotal(Func<(string Key, string Model, long Prompt, long Cached, long Completion), bool> which)
        => _calls.Where(which).Sum(c => HandCost(c.Model, c.Prompt, c.Cached, c.Completion));

    [Fact]
    public async Task Report_by_team_matches_hand_computed_totals()
    {
        var (code, output, _) = await CliRunner.RunAsync("report", "--since", "1h", "--by", "team", "--format", "json", "--config", await ConfigFileAsync());

        Assert.Equal(0, code);
        var report = JsonDocument.Parse(output).RootElement;
        var rows = report.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("group").GetString()!);
        Assert.Equal(4, rows["sales"].GetProperty("requests").GetInt64()); // 3 calls + 1 refused bad request
        Assert.Equal(1, rows["sales"].GetProperty("errors").GetInt64());
        Assert.Equal(HandTotal(c => c.Key == "crm"), rows["sales"].GetProperty("cost_usd").GetDecimal());
        Assert.Equal(HandTotal(c => c.Key == "helpdesk"), rows["support"].GetProperty("cost_usd").GetDecimal());
        var total = report.GetProperty("total");
        Assert.Equal(6, total.GetProperty("requests").GetInt64());
        Assert.Equal(HandTotal(_ => true), total.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(_calls.Sum(c => c.Prompt), total.GetProperty("input_tokens").GetInt64());
        Assert.Equal(_calls.Sum(c => c.Completion), total.GetProperty("output_tokens").GetInt64());
        var providerCacheSaving = ((12 * (0.15m - 0.075m)) + (8 * (2.50m - 1.25m))) / 1_000_000m;
        Assert.Equal(providerCacheSaving, total.GetProperty("saved_by_reason").GetProperty("provider_cache").GetDecimal());
    }

    [Fact]
    public async Task Report_by_tag_counts_a_request_under_each_of_its_tags()
    {
        var (code, output, _) = await CliRunner.RunAsync("report", "--since", "1h", "--by", "tag", "--format", "json", "--config", await ConfigFileAsync());

        Assert.Equal(0, code);
        var rows = JsonDocument.Parse(output).RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("group").GetString()!);
        Assert.Equal(6, rows["eu"].GetProperty("requests").GetInt64());
        Assert.Equal(4, rows["odoo"].GetProperty("requests").GetInt64());
        Assert.Equal(HandTotal(_ => true), rows["eu"].GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Table_and_csv_formats_carry_the_same_totals()
    {
        var config = await ConfigFileAsync();
        var (tableCode, table, _) = await CliRunner.RunAsync("report", "--since", "7d", "--by", "model", "--config", config);
        var (csvCode, csv, _) = await CliRunner.RunAsync("report", "--since", "7d", "--by", "model", "--format", "csv", "--config", config);

        Assert.Equal(0, tableCode);
        Assert.Equal(0, csvCode);
        var total = HandTotal(_ => true).ToString("0.000000", CultureInfo.InvariantCulture);
        Assert.Contains(total, table.Split('\n').Single(l => l.StartsWith("TOTAL", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("gpt-4o-mini", table, StringComparison.Ordinal);
        var csvTotal = csv.Split('\n').Single(l => l.StartsWith("TOTAL,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(HandTotal(_ => true), decimal.Parse(csvTotal[8], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Admin_reports_need_the_admin_key_and_agree_with_the_cli()
    {
        Assert.Equal(401, await AdminStatusAsync(null));
        Assert.Equal(401, await AdminStatusAsync("wrong"));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/admin/reports/key?since=1h", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "admin-secret-1");
        using var response = await _gateway.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var api = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var (_, output, _) = await CliRunner.RunAsync("report", "--since", "1h", "--by", "key", "--format", "json", "--config", await ConfigFileAsync());
        var cli = JsonDocument.Parse(output).RootElement;
        Assert.True(JsonElement.DeepEquals(cli.GetProperty("rows"), api.GetProperty("rows")));
        Assert.True(JsonElement.DeepEquals(cli.GetProperty("total"), api.GetProperty("total")));
        Assert.Equal(HandTotal(c => c.Key == "crm"), api.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("group").GetString() == "crm").GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Without_an_admin_key_the_admin_api_is_disabled_in_keys_mode()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys");

        using var response = await gateway.Http.GetAsync(new Uri("/admin/reports", UriKind.Relative));

        var error = await OpenAIError.AssertAsync(response, 403, "admin_disabled");
        Assert.Contains("FRUGAL_ADMIN_KEY_UNSET_IN_TESTS", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<int> AdminStatusAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/admin/reports?since=1h&by=team", UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _gateway.Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    private async Task<string> ConfigFileAsync()
    {
        var path = Path.Combine(_gateway.DataDir, "report-config.json");
        await File.WriteAllTextAsync(path, $$"""{"dataDir":"{{_gateway.DataDir}}"}""");
        return path;
    }
}
