namespace Frugal.Cli.Demo;

/// <summary>Keeps the demo's gateway serving (so its dashboard can be opened) until Ctrl+C or SIGTERM.</summary>
internal static class DemoServing
{
    public static async Task UntilInterruptedAsync()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true; // we stop gracefully ourselves (the ledger is drained on StopAsync)
            stopped.TrySetResult();
        }

        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        Console.WriteLine("Serving until Ctrl+C (run with --exit to stop right after the report).");
        await stopped.Task.ConfigureAwait(false);
        Console.WriteLine("Stopping.");
    }
}
