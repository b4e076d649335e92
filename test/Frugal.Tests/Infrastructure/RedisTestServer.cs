using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Frugal.Tests.Infrastructure;

/// <summary>
/// The real redis-server the tests share. `.ci/run` starts one on 127.0.0.1 and exports
/// <c>FRUGAL_TEST_REDIS</c>; without it (a developer's machine) the first test that needs Redis
/// starts `redis-server` from PATH on a free port, without persistence, stopped when the test
/// process exits or is killed (a watchdog shell polls for it once a second). Tests isolate themselves with <see cref="UniquePrefix"/>, never FLUSHALL.
/// </summary>
public static class RedisTestServer
{
    public const string Variable = "FRUGAL_TEST_REDIS";

    private static readonly Lazy<string> Endpoint = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>host:port of the server, e.g. "127.0.0.1:6390".</summary>
    public static string Connection => Endpoint.Value;

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix() => $"frugal-test:{Guid.NewGuid():N}:";

    /// <summary>The config fragment (with a leading comma) that points a gateway at this server.</summary>
    public static string ConfigJson(string keyPrefix) => $$""", "redis": { "connection": "{{Connection}}", "keyPrefix": "{{keyPrefix}}" }""";

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var port = FreePort();
        // A watchdog shell stops the server once this test process is gone: the test host is often killed rather than
        // exited, and ProcessExit alone then left a redis-server running after every plain `dotnet test`.
        var watchdog = $"redis-server --bind 127.0.0.1 --port {port} --save '' --appendonly no & r=$!; " +
                       $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 1; done; kill $r 2>/dev/null";
        var process = Process.Start(new ProcessStartInfo("sh", ["-c", watchdog])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("could not start redis-server (install it: apt-get install -y redis-server)");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        };
        WaitForPort(port);
        return $"127.0.0.1:{port}";
    }

    private static void WaitForPort(int port)
    {
        var listening = Eventually.Until(
            () =>
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(5));
        if (!listening)
        {
            throw new TimeoutException($"redis-server did not listen on port {port} within 5 s");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
