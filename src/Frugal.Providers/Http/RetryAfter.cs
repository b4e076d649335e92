using System.Net.Http.Headers;

namespace Frugal.Providers.Http;

public static class RetryAfter
{
    /// <summary>The upstream's retry-after in whole seconds, if it sent one as a delay or a date.</summary>
    public static int? Seconds(HttpResponseHeaders headers, TimeProvider time)
    {
        if (headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return (int)Math.Ceiling(delta.TotalSeconds);
        }

        if (retryAfter.Date is { } date)
        {
            return Math.Max(0, (int)Math.Ceiling((date - time.GetUtcNow()).TotalSeconds));
        }

        return null;
    }
}
