namespace Frugal.Server.Http;

/// <summary>Request ids that sort by time (UUIDv7), so ledger rows and logs line up.</summary>
public static class RequestIds
{
    public static string New() => "req_" + Guid.CreateVersion7().ToString("N");
}
