using System.ClientModel;
using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Functional;

/// <summary>Keys mode: only virtual keys from the key store open the gateway.</summary>
public sealed class VirtualKeyTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private SqliteKeyStore _store = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(authMode: "keys");
        _store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(_gateway.DataDir, "frugal.db")));
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private const string Body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task A_valid_virtual_key_works_with_the_sdk()
    {
        var (_, key) = await VirtualKeys.CreateAsync(_store, "crm-summary", "sales", ["odoo"], TimeProvider.System, CancellationToken.None);

        ChatCompletion completion = await _gateway.ChatClient("gpt-4o-mini", key).CompleteChatAsync([new UserChatMessage("hello")]);

        Assert.StartsWith("Mock reply", completion.Content[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Missing API key")]
    [InlineData("fk-not-a-real-key", "Invalid API key")]
    [InlineData("sk-an-openai-key", "start with 'fk-'")]
    public async Task Missing_or_unknown_keys_get_401(string? key, string message)
    {
        using var response = await _gateway.PostJsonAsync("/v1/chat/completions", Body, bearer: key);

        var error = await OpenAIError.AssertAsync(response, 401, "invalid_api_key");
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_stops_working()
    {
        var (record, key) = await VirtualKeys.CreateAsync(_store, "temp", null, [], TimeProvider.System, CancellationToken.None);
        using (var before = await _gateway.PostJsonAsync("/v1/chat/completions", Body, bearer: key))
        {
            Assert.Equal(200, (int)before.StatusCode);
        }

        Assert.True(await _store.RevokeAsync(record.Id, DateTimeOffset.UtcNow, CancellationToken.None));

        using var after = await _gateway.PostJsonAsync("/v1/chat/completions", Body, bearer: key);
        var error = await OpenAIError.AssertAsync(after, 401, "invalid_api_key");
        Assert.Contains("revoked", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_and_embeddings_require_a_key_too()
    {
        using var models = await _gateway.Http.GetAsync(new Uri("/v1/models", UriKind.Relative));
        await OpenAIError.AssertAsync(models, 401);

        using var embeddings = await _gateway.PostJsonAsync("/v1/embeddings", """{"model":"mock/e","input":"x"}""");
        await OpenAIError.AssertAsync(embeddings, 401);

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.ChatClient("gpt-4o-mini", "fk-wrong").CompleteChatAsync([new UserChatMessage("x")]));
        Assert.Equal(401, ex.Status);
    }

    [Fact]
    public async Task Keys_are_stored_hashed()
    {
        var (_, key) = await VirtualKeys.CreateAsync(_store, "hash-check", null, [], TimeProvider.System, CancellationToken.None);

        var file = await File.ReadAllBytesAsync(Path.Combine(_gateway.DataDir, "frugal.db"));
        var wal = Path.Combine(_gateway.DataDir, "frugal.db-wal");
        var walBytes = File.Exists(wal) ? await File.ReadAllBytesAsync(wal) : [];
        var keyBytes = System.Text.Encoding.UTF8.GetBytes(key);
        Assert.Equal(-1, file.AsSpan().IndexOf(keyBytes));
        Assert.Equal(-1, walBytes.AsSpan().IndexOf(keyBytes));
        var hashBytes = System.Text.Encoding.UTF8.GetBytes(VirtualKeys.Hash(key));
        Assert.True(file.AsSpan().IndexOf(hashBytes) >= 0 || walBytes.AsSpan().IndexOf(hashBytes) >= 0, "the key's hash should be stored");
    }
}
