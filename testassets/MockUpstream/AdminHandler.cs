using System.Globalization;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary><c>/mock/stats</c>, <c>/mock/reset</c>, <c>/mock/requests</c>: let out-of-process tests and benchmarks inspect the mock.</summary>
internal sealed class AdminHandler
{
    private readonly MockStats _stats;
    private readonly RequestRecorder _recorder;
    private readonly Action _reset;

    public AdminHandler(MockStats stats, RequestRecorder recorder, Action reset)
    {
        _stats = stats;
        _recorder = recorder;
        _reset = reset;
    }

    public async Task HandleAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        using var body = new JsonBody();
        switch (path)
        {
            case "/mock/stats" when HttpMethods.IsGet(method):
                JsonSerializer.Serialize(body.Writer, _stats.Snapshot(), MockJsonContext.Default.MockStatsSnapshot);
                break;
            case "/mock/reset" when HttpMethods.IsPost(method):
                _reset();
                body.Writer.WriteStartObject();
                body.Writer.WriteBoolean("reset", true);
                body.Writer.WriteEndObject();
                break;
            case "/mock/requests" when HttpMethods.IsGet(method):
                var last = int.TryParse(context.Request.Query["last"], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : RequestRecorder.Capacity;
                JsonSerializer.Serialize(body.Writer, _recorder.Snapshot(last), MockJsonContext.Default.IReadOnlyListRecordedRequest);
                break;
            default:
                await ProviderErrors.WriteAsync(context, Provider.OpenAi, StatusCodes.Status404NotFound, $"mock 404: unknown admin route {method} {path}");
                return;
        }

        await body.SendAsync(context);
    }
}
