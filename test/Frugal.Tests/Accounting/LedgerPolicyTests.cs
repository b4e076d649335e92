using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Accounting;

/// <summary>Price policy, body storage opt-in and graceful-stop draining, each on its own gateway.</summary>
public sealed class LedgerPolicyTests
{
    private const string Body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"policy probe"}]}""";

    [Fact]
    public async Task The_reject_policy_refuses_an_unpriced_model_before_calling_it()
    {
        await using var gateway = await TestGateway.StartAsync(extraJson: """, "prices": { "missingPolicy": "reject" }""");

        using var refused = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"mock/house-model-without-price","messages":[{"role":"user","content":"reject probe"}]}""");
        var error = await OpenAIError.AssertAsync(refused, 400, "price_missing");
        Assert.Contains("house-model-without-price", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Mock.RecentRequests, r => r.Body.Contains("reject probe", StringComparison.Ordinal));

        using var priced = await gateway.PostJsonAsync("/v1/chat/completions", Body);
        Assert.Equal(200, (int)priced.StatusCode);
    }

    [Fact]
    public async Task Bodies_are_stored_only_for_keys_that_opt_in()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys");
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(gateway.DataDir, "frugal.db")));
        var (_, keeper) = await VirtualKeys.CreateAsync(store, "keeper", null, [], TimeProvider.System, CancellationToken.None, storeBodies: true);
        var (_, plain) = await VirtualKeys.CreateAsync(store, "plain", null, [], TimeProvider.System, CancellationToken.None);

        using (await gateway.PostJsonAsync("/v1/chat/completions", Body, keeper))
        using (await gateway.PostJsonAsync("/v1/chat/completions", Body.Replace("\"model\"", "\"stream\":true,\"model\"", StringComparison.Ordinal), keeper))
        using (await gateway.PostJsonAsync("/v1/chat/completions", Body, plain))
        {
        }

        var rows = await LedgerRows.WaitForAsync(gateway, 3);
        var kept = rows.Where(r => r.Text("key_name") == "keeper").ToList();
        Assert.Equal(2, kept.Count);
        Assert.All(kept, r => Assert.Contains("policy probe", r.Text("request_body"), StringComparison.Ordinal));
        Assert.All(kept, r => Assert.StartsWith("Mock reply from gpt-4o-mini", r.Text("response_body"), StringComparison.Ordinal));
        var notKept = Assert.Single(rows, r => r.Text("key_name") == "plain");
        Assert.Null(notKept.Text("request_body"));
        Assert.Null(notKept.Text("response_body"));
    }

    [Fact]
    public async Task A_graceful_stop_drains_every_queued_entry()
    {
        var gateway = await TestGateway.StartAsync();
        try
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
            {
                using var response = await gateway.PostJsonAsync("/v1/chat/completions", Body.Replace("policy probe", $"drain {i}", StringComparison.Ordinal));
                return (int)response.StatusCode;
            }));
            Assert.All(responses, status => Assert.Equal(200, status));

            await gateway.App.StopAsync(); // no explicit flush: stopping must drain the queue
            var rows = await LedgerRows.ReadAsync(gateway.DataDir);
            Assert.Equal(40, rows.Count);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }
}
