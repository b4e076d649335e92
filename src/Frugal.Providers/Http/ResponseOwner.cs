namespace Frugal.Providers.Http;

/// <summary>Disposes an upstream response when the stream read from it is disposed, closing (or returning) its connection.</summary>
public sealed class ResponseOwner(HttpResponseMessage response) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
