using System.Runtime.InteropServices;
using Frugal.MockUpstream;

if (!CommandLine.TryParse(args, out var url, out var options, out var error))
{
    if (string.IsNullOrEmpty(error))
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }

    Console.Error.WriteLine(error);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

await using var server = await MockUpstreamServer.StartAsync(options, url);
Console.WriteLine($"MockUpstream listening on {server.BaseUri.GetLeftPart(UriPartial.Authority)}");

// The embedded host ignores signals (see NoopHostLifetime), so stop on Ctrl+C / SIGTERM here.
using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Shutting down.
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
