using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #12 finding 8: no-auth mode could be bound to the network through configuration `--urls`
/// never saw, and driven cross-site (a text/plain POST from another origin; DNS rebinding with a
/// foreign Host). Now: the bound addresses are checked after start, Host must be loopback and chat
/// and embeddings need Content-Type: application/json in that mode.
/// </summary>
public sealed class NoAuthExposureTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string ChatBody = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"cross-site"}]}""";

    private TestGateway Gateway => fixture.Gateway;

    public static TheoryData<string> ExposingSources => ["env", "aspnetcore-env", "appsettings"];

    [Trait("Category", "Slow")]
    [Theory]
    [MemberData(nameof(ExposingSources))]
    public async Task Serve_refuses_to_start_in_no_auth_mode_when_configuration_binds_a_non_loopback_address(string source)
    {
        var dir = Path.Combine(Path.GetTempPath(), "frugal-exposure", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var port = FreePort();
        var url = $"http://0.0.0.0:{port}";
        await File.WriteAllTextAsync(Path.Combine(dir, "frugal.json"), $$"""
            {
              "dataDir": "{{dir}}/data",
              "auth": { "mode": "none" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1" } },
              "models": { "gpt-4o-mini": { "provider": "mock" } }
            }
            """);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "frugal.dll"), "serve", "--config", Path.Combine(dir, "frugal.json"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        switch (source)
        {
            case "env":
                start.Environment["Kestrel__Endpoints__Http__Url"] = url;
                break;
            case "aspnetcore-env":
                start.Environment["ASPNETCORE_Kestrel__Endpoints__Http__Url"] = url;
                break;
            default:
                await File.WriteAllTextAsync(Path.Combine(dir, "appsettings.json"), $$"""{ "Kestrel": { "Endpoints": { "Http": { "Url": "{{url}}" } } } }""");
                break;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var error = await stderr;
        Assert.True(process.ExitCode != 0, $"frugal serve kept running or exited 0; stdout: {await stdout} stderr: {error}");
        Assert.Contains("refusing to start", error, StringComparison.Ordinal);
        Assert.Contains($"0.0.0.0:{port}", error, StringComparison.Ordinal);
        Assert.Contains("loopback", error, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8080")]
    [InlineData("192.168.1.20")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task A_foreign_host_gets_421_on_chat_admin_and_dashboard_in_no_auth_mode(string host)
    {
        var before = Gateway.Mock.RecentRequests.Count;
        foreach (var (method, path) in new[] { ("POST", "/v1/chat/completions"), ("GET", "/v1/models"), ("GET", "/admin/reports"), ("GET", "/admin/dashboard/summary"), ("GET", "/dashboard") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Host = host;
            if (method == "POST")
            {
                request.Content = new StringContent(ChatBody);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            using var response = await Gateway.Http.SendAsync(request);

            var error = await OpenAIError.AssertAsync(response, 421, "misdirected_request");
            Assert.Contains("Host", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, Gateway.Mock.RecentRequests.Count);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2:1234")]
    [InlineData("[::1]")]
    [InlineData("[::1]:8080")]
    public async Task Loopback_hosts_are_served(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(ChatBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Host = host;

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain;charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/jsonp")]
    [InlineData(null)] // fetch() with a Blob body sends no Content-Type at all, also without a preflight
    public async Task Cors_simple_content_types_get_415_before_any_upstream_call_in_no_auth_mode(string? contentType)
    {
        var before = Gateway.Mock.RecentRequests.Count;
        foreach (var (path, body) in new[] { ("/v1/chat/completions", ChatBody), ("/v1/embeddings", """{"model":"mock/text-embedding-3-small","input":"x"}""") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body)) };
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await Gateway.Http.SendAsync(request);

            var error = await OpenAIError.AssertAsync(response, 415, "unsupported_media_type");
            Assert.Contains("application/json", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, Gateway.Mock.RecentRequests.Count);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=UTF-8")]
    public async Task Json_content_types_are_served(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(ChatBody)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Keys_mode_still_accepts_a_request_without_content_type()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys");
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(gateway.DataDir, "frugal.db")));
        var (_, key) = await VirtualKeys.CreateAsync(store, "no-content-type", null, [], TimeProvider.System, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(ChatBody)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Host = "gateway.internal.example"; // keys mode is meant for the network: any Host

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
