using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Frugal.Core.Configuration;
using Frugal.Providers;
using Frugal.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Providers.Kinds;

/// <summary>
/// Issue #13 item 6: a provider kind is one class plus one <c>AddProviderKind</c> call. The same call
/// teaches the config loader the kind's name and the host how to build its client.
/// </summary>
public sealed class ProviderKindRegistrationTests
{
    private static readonly Action<IServiceCollection> RegisterEcho = services => services.AddProviderKind<EchoKind>();

    [Fact]
    public async Task A_kind_registered_outside_Frugal_Providers_answers_through_the_real_pipeline()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"));
        var loaded = ConfigLoader.SchemaWith(RegisterEcho).Parse(Config(dataDir), "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        Assert.Equal(EchoKind.KindName, loaded.Config!.Providers["local"].Kind);

        var app = GatewayHost.Build(loaded.Config, new GatewayHostOptions { Urls = ["http://127.0.0.1:0"], LogToConsole = false, ConfigureServices = RegisterEcho });
        try
        {
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var content = new StringContent("""{"model":"echo-1","messages":[{"role":"user","content":"hello"}]}""", Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

            using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("echo: hello", json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.Equal(5, json.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            TryDelete(dataDir);
        }
    }

    [Fact]
    public void Without_the_registration_the_kind_is_an_error_with_its_path_and_the_known_kinds()
    {
        var result = ConfigLoader.Parse(Config(Path.GetTempPath()), "test");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.providers.local.kind", problem.Path);
        Assert.Equal("'echo' is not one of: openai, anthropic", problem.Message);
    }

    [Fact]
    public void The_registered_kinds_are_the_built_in_ones_plus_those_the_host_adds()
    {
        Assert.Equal(["openai", "anthropic"], ConfigLoader.Schema.ProviderKinds.Keys);
        Assert.Equal(["openai", "anthropic", "echo"], ConfigLoader.SchemaWith(RegisterEcho).ProviderKinds.Keys);
    }

    [Fact]
    public void A_kind_setting_on_another_kind_is_an_error_with_its_path()
    {
        var result = ConfigLoader.SchemaWith(RegisterEcho).Parse(
            """{"providers":{"local":{"kind":"echo","baseUrl":"http://127.0.0.1:1","apiVersion":"2024-10-21"}}}""", "test");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.providers.local.apiVersion", problem.Path);
        Assert.Equal("is only for Azure OpenAI (kind \"openai\")", problem.Message);
    }

    private static string Config(string dataDir) => $$"""
        {
          "dataDir": {{JsonSerializer.Serialize(dataDir)}},
          "auth": { "mode": "none" },
          "providers": { "local": { "kind": "echo", "baseUrl": "http://127.0.0.1:1" } },
          "models": { "echo-1": { "provider": "local" } },
          "prices": { "models": { "echo-1": { "free": true } } }
        }
        """;

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
