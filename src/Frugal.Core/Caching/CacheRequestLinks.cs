using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Caching;

/// <summary>
/// Which cache entries answered (or were written by) a request, so that feedback naming the
/// request id can evict them. Kept in the cache store itself under a reserved prefix, with the
/// entry's lifetime, so feedback works on any process sharing the backend.
/// </summary>
public sealed partial class CacheRequestLinks(ICacheStore store, TimeProvider time, CacheCounters counters, ILogger<CacheRequestLinks> logger)
{
    /// <summary>Entry keys start with a version ("v1:", "sem1:"); this prefix never collides with them.</summary>
    public const string Prefix = "feedback1:";

    /// <summary>Best effort: a backend failure is logged and counted, never the client's problem.</summary>
    public ValueTask LinkExactAsync(string requestId, string entryKey, TimeSpan ttl, CancellationToken cancellationToken)
        => SetAsync(Prefix + requestId + ":exact", new CacheEntry(Encoding.UTF8.GetBytes(entryKey), time.GetUtcNow() + ttl), cancellationToken);

    /// <summary>Best effort, like <see cref="LinkExactAsync"/>.</summary>
    public ValueTask LinkSemanticAsync(string requestId, SemanticLink link, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("entry", link.EntryKey);
            writer.WriteString("context", link.ContextKey);
            writer.WriteString("text", link.QueryText);
            writer.WriteNumber("similarity", link.Similarity);
            writer.WriteBoolean("hit", link.WasHit);
            writer.WriteEndObject();
        }

        return SetAsync(Prefix + requestId + ":semantic", new CacheEntry(buffer.WrittenSpan.ToArray(), time.GetUtcNow() + ttl), cancellationToken);
    }

    public async ValueTask<string?> TakeExactAsync(string requestId, CancellationToken cancellationToken)
    {
        var key = Prefix + requestId + ":exact";
        var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        await store.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(entry.Payload.Span);
    }

    public async ValueTask<SemanticLink?> TakeSemanticAsync(string requestId, CancellationToken cancellationToken)
    {
        var key = Prefix + requestId + ":semantic";
        var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        await store.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(entry.Payload);
        var root = document.RootElement;
        return new SemanticLink(
            root.GetProperty("entry").GetString()!,
            root.GetProperty("context").GetString()!,
            root.GetProperty("text").GetString()!,
            root.GetProperty("similarity").GetSingle(),
            root.GetProperty("hit").GetBoolean());
    }

    private async ValueTask SetAsync(string key, CacheEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await store.SetAsync(key, entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            counters.StoreError();
            LogLinkFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Cache feedback link not written ({ErrorType}: {ErrorMessage}); feedback for this request will not find its entry")]
    private static partial void LogLinkFailed(ILogger logger, string errorType, string errorMessage);
}
