using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Dashboard;

/// <summary>
/// A gateway in keys mode with an admin key and the exact cache on, and known traffic sent through it with the
/// OpenAI SDK by two virtual keys of different teams and tags: misses, an exact-cache hit, a stream, two models.
/// </summary>
public sealed class DashboardTraffic : IAsyncDisposable
{
    public const string AdminKey = "frugal-admin-test-key-7731";

    private DashboardTraffic(TestGateway gateway, string adminKeyEnv)
    {
        Gateway = gateway;
        AdminKeyEnv = adminKeyEnv;
    }

    public TestGateway Gateway { get; }

    public string AdminKeyEnv { get; }

    public string SalesKeyId { get; private set; } = string.Empty;

    public static async Task<DashboardTraffic> StartAsync(string extraJson = "")
    {
        // A variable name per gateway: tests run in parallel and the guard reads it when the host starts.
        var adminKeyEnv = "FRUGAL_TEST_ADMIN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(adminKeyEnv, AdminKey);
        var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: adminKeyEnv,
            extraJson: """, "cache": { "enabled": true, "ttlSeconds": 600 }""" + extraJson);
        return new DashboardTraffic(gateway, adminKeyEnv);
    }

    /// <summary>Sends the traffic and waits until the ledger holds all of it.</summary>
    public async Task SendAsync()
    {
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(Gateway.DataDir, "frugal.db")));
        var (sales, salesKey) = await VirtualKeys.CreateAsync(store, "crm-summary", "sales", ["odoo", "eu"], TimeProvider.System, CancellationToken.None);
        var (_, supportKey) = await VirtualKeys.CreateAsync(store, "helpdesk", "support", ["zendesk"], TimeProvider.System, CancellationToken.None);
        SalesKeyId = sales.Id;

        var mini = Gateway.ChatClient("gpt-4o-mini", salesKey);
        await mini.CompleteChatAsync([new UserChatMessage("Summarise the opportunity pipeline [[tokens:40]]")]);
        await mini.CompleteChatAsync([new UserChatMessage("Summarise the opportunity pipeline [[tokens:40]]")]); // exact-cache hit
        await mini.CompleteChatAsync([new UserChatMessage("Draft a follow-up email [[cached:4]]")]); // the provider's prompt-cache discount

        var claude = Gateway.ChatClient("claude-sonnet-4", supportKey);
        await claude.CompleteChatAsync([new UserChatMessage("Classify this ticket: printer on fire")]);
        await foreach (var _ in claude.CompleteChatStreamingAsync([new UserChatMessage("Explain the refund policy [[chunks:4]]")]))
        {
        }

        await Gateway.ChatClient("gpt-4o-mini", supportKey).CompleteChatAsync([new UserChatMessage("Translate 'hello' to French")]);
        await LedgerRows.FlushAsync(Gateway);
        await LedgerRows.WaitForAsync(Gateway, 6);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Environment.SetEnvironmentVariable(AdminKeyEnv, null);
    }
}
