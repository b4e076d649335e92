namespace Frugal.Server.Http;

/// <summary>Request ids that sort by time (UUIDv7), so ledger rows and logs line up.</summary>
public static class RequestIds
{
    private static readonly object ItemKey = new();

    public static string New() => "req_" + Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// The id of this HTTP request, made on first use: the log scope (Hosting/RequestLogScope) opens it before the
    /// endpoint, which puts the same id in the response header and the ledger row.
    /// </summary>
    public static string Of(Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is string id)
        {
            return id;
        }

        id = New();
        context.Items[ItemKey] = id;
        return id;
    }
}
