using System.Text.Json;

namespace Frugal.Tests.Infrastructure;

/// <summary>Asserts a response is an OpenAI-shaped error and returns its body.</summary>
public static class OpenAIError
{
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, int status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected HTTP {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain(TestGateway.ProviderSecret, text, StringComparison.Ordinal);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()));
        Assert.True(error.TryGetProperty("code", out var actualCode), "error.code must be present (null allowed)");
        if (code is not null)
        {
            Assert.Equal(code, actualCode.GetString());
        }

        return error;
    }
}
