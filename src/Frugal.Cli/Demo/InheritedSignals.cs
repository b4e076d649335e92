using System.Runtime.InteropServices;

namespace Frugal.Cli.Demo;

/// <summary>
/// A shell without job control (a script's <c>frugal demo &amp;</c>, a CI job run in the background) starts background
/// children with SIGINT ignored, and an ignored disposition survives exec. .NET installs no handler over an ignored
/// SIGINT, so <c>PosixSignalRegistration</c> would never see Ctrl+C or <c>kill -INT</c> and the demo would serve forever.
/// The demo's contract is "serve until SIGINT", so it asks for the default disposition back. It must do so before the
/// runtime's first signal registration (the host's console lifetime makes one at start): the runtime reads each
/// signal's disposition once, and a SIGINT it saw ignored then stays unhandled.
/// </summary>
internal static class InheritedSignals
{
    private const int SigInt = 2; // the same number on Linux and macOS
    private static readonly nint DefaultDisposition = 0; // SIG_DFL

    /// <summary>Restores SIGINT's default disposition (Unix only); call before anything registers a signal handler.</summary>
    public static void RestoreInterrupt()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            _ = Signal(SigInt, DefaultDisposition);
        }
    }

    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Signal(int signal, nint handler);
}
