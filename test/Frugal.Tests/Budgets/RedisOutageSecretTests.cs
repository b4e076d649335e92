using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Budgets;

/// <summary>
/// Issue #12, finding 5: with Redis unreachable, the whole connection string (password included) was logged on every
/// refused request and returned by <c>GET /admin/budgets</c>, and the dashboard summary answered 500.
/// </summary>
public sealed class RedisOutageSecretTests
{
    private const string Secret = "redis-pw-Zq7xK2mN9vB4";

    [Fact]
    public async Task With_redis_down_the_password_is_in_no_log_line_or_body_and_nothing_answers_500()
    {
        var logs = new CapturedLogs();
        using var closed = ClosedPort();
        var deadRedis = $$""", "redis": { "connection": "127.0.0.1:{{((IPEndPoint)closed.LocalEndPoint!).Port}},password={{Secret}}", "timeoutMs": 200 }""";
        await using var gateway = await BudgetTesting.StartAsync("""{ "storage": "redis", "limits": [ { "id": "g", "scope": "global", "window": "daily", "usd": 1 } ] }""", deadRedis, logs);
        var bodies = new List<string>();

        for (var i = 0; i < 5; i++)
        {
            using var chat = await gateway.PostJsonAsync("/v1/chat/completions", $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi {{i}}"}]}""");
            bodies.Add(await chat.Content.ReadAsStringAsync());
            await OpenAIError.AssertAsync(chat, 503, "budget_store_unavailable");
        }

        using var budgets = await gateway.Http.GetAsync(new Uri("/admin/budgets", UriKind.Relative));
        var budgetsBody = await budgets.Content.ReadAsStringAsync();
        bodies.Add(budgetsBody);
        var error = JsonDocument.Parse(budgetsBody).RootElement.GetProperty("error");
        Assert.Equal(503, (int)budgets.StatusCode);
        Assert.Equal("budget_store_unavailable", error.GetProperty("code").GetString());
        Assert.Contains("127.0.0.1:", error.GetProperty("message").GetString(), StringComparison.Ordinal); // says which server, not how to log in

        using var summary = await gateway.Http.GetAsync(new Uri("/admin/dashboard/summary?period=24h", UriKind.Relative));
        var summaryBody = await summary.Content.ReadAsStringAsync();
        bodies.Add(summaryBody);
        Assert.Equal(200, (int)summary.StatusCode);
        var root = JsonDocument.Parse(summaryBody).RootElement;
        Assert.Equal(0, root.GetProperty("budgets").GetArrayLength());
        Assert.Contains("unreachable", root.GetProperty("budgetsUnavailable").GetString(), StringComparison.Ordinal);

        Assert.All(bodies, body => Assert.DoesNotContain(Secret, body, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
        // One line for the outage, not one per refused request (the next one comes after 30 s, with a count).
        Assert.Single(logs.Lines, l => l.Contains("refusing the request", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1:6379,password=hunter2,ssl=false", "127.0.0.1:6379,password=***,ssl=false")]
    [InlineData("redis:6379,user=admin,Password = hunter2", "redis:6379,user=***,Password=***")]
    [InlineData("connect to redis://admin:hunter2@cache:6379 failed", "connect to redis://***@cache:6379 failed")]
    public void Redact_masks_credentials_in_client_messages(string text, string expected)
        => Assert.Equal(expected, Frugal.Storage.Redis.RedisConnector.Redact(text));

    [Fact]
    public async Task The_endpoint_named_in_messages_has_no_password()
    {
        await using var connector = new Frugal.Storage.Redis.RedisConnector(new Frugal.Core.Configuration.RedisConfig { Connection = $"127.0.0.1:6390,password={Secret},abortConnect=false" });

        Assert.Equal("127.0.0.1:6390", connector.Endpoint);
    }

    /// <summary>
    /// A port bound but not listening: connections to it are refused, and no other test (or redis-server they start)
    /// can take it while the socket lives. A port merely closed again can be reused at once — and a redis-server
    /// without a password accepts a client that sends one.
    /// </summary>
    private static Socket ClosedPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
