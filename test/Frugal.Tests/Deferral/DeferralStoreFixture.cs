using Frugal.Core.Deferral;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Deferral;

namespace Frugal.Tests.Deferral;

/// <summary>A real deferral.db in a temp directory, and calls to put in it.</summary>
public sealed class DeferralStoreFixture : IDisposable
{
    public DeferralStoreFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "frugal-tests", "deferral-" + Guid.NewGuid().ToString("N"));
        Store = Open();
    }

    public string Directory { get; }

    public SqliteDeferredStore Store { get; }

    /// <summary>A second store over the same file: what a restarted gateway opens.</summary>
    public SqliteDeferredStore Open() => new(new SqliteDatabase(Path.Combine(Directory, "deferral.db")));

    public static DeferredCall Call(DateTimeOffset createdAt, string keyId = "key-1", string model = "gpt-4o-mini", Uri? webhook = null) => new()
    {
        Id = DeferredIds.NewCallId(),
        KeyId = keyId,
        KeyName = "name-" + keyId,
        Team = "team",
        Tags = ["t1"],
        Model = model,
        Body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""u8.ToArray(),
        WebhookUrl = webhook,
        CreatedAt = createdAt,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned with the temp directory eventually.
        }
    }
}
