using System.Collections;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Frugal.Server.Hosting;

/// <summary>
/// Middleware giving every log line written while a request runs the request's id (the same id as the
/// <c>x-frugal-request-id</c> header and the ledger row): <c>"FrugalRequestId": "req_…"</c> in a JSON log's scopes.
/// Not "RequestId": ASP.NET Core's own request scope already uses that name for its connection-based trace identifier,
/// and a log shipper that flattens scopes would let one overwrite the other.
/// </summary>
public sealed class RequestLogScope(RequestDelegate next, ILogger<RequestLogScope> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using (logger.BeginScope(new Scope(RequestIds.Of(context))))
        {
            await next(context);
        }
    }

    /// <summary>Structured scope state: one named value, formatted as <c>FrugalRequestId:req_…</c> in text logs.</summary>
    private sealed class Scope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index]
            => index == 0 ? new KeyValuePair<string, object?>("FrugalRequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"FrugalRequestId:{requestId}";
    }
}
