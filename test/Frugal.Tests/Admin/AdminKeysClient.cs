using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Admin;

/// <summary>Plain HttpClient calls to /admin/keys with the admin key, as an operator's script would make them.</summary>
internal sealed class AdminKeysClient(TestGateway gateway, string? adminKey)
{
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if ((bearer ?? adminKey) is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return gateway.Http.SendAsync(request);
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string path, string? json = null, int status = 200)
    {
        using var response = await SendAsync(method, path, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{method} {path}: expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> CreateAsync(string json) => OkAsync(HttpMethod.Post, "/admin/keys", json, 201);
}
