namespace Frugal.MockUpstream;

/// <summary>Names accepted in <c>[[fault:KIND]]</c> that are not plain HTTP status codes.</summary>
internal static class FaultKinds
{
    public const string Timeout = "timeout";
    public const string Disconnect = "disconnect";
    public const string Malformed = "malformed";
    public const string MidstreamError = "midstream-error";

    /// <summary>Faults that change a stream part-way instead of replacing the whole response.</summary>
    public static bool IsStreamFault(string kind) => kind is Disconnect or Malformed or MidstreamError;
}
