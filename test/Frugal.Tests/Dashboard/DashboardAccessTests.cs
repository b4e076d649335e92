using System.Net;
using System.Net.Http.Headers;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Dashboard;

/// <summary>Who may open /dashboard, its JSON and /metrics: the admin key (header or sign-in cookie), nobody else.</summary>
public sealed class DashboardAccessTests
{
    private static readonly string[] AdminPaths = ["/dashboard", "/dashboard/dashboard.js", "/admin/dashboard/summary?period=24h", "/admin/dashboard/requests", "/metrics"];

    [Fact]
    public async Task Keys_mode_refuses_every_dashboard_and_metrics_path_without_the_admin_key()
    {
        await using var traffic = await DashboardTraffic.StartAsync();
        using var http = NoCookiesNoRedirects(traffic.Gateway);
        foreach (var path in AdminPaths)
        {
            using var anonymous = await http.GetAsync(new Uri(path, UriKind.Relative));
            await OpenAIError.AssertAsync(anonymous, 401, "invalid_api_key");

            using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-admin-key");
            await OpenAIError.AssertAsync(await http.SendAsync(wrong), 401, "invalid_api_key");

            using var right = new HttpRequestMessage(HttpMethod.Get, path);
            right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DashboardTraffic.AdminKey);
            using var allowed = await http.SendAsync(right);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"{path}: {(int)allowed.StatusCode}");
        }
    }

    [Fact]
    public async Task The_key_in_the_url_sets_an_HttpOnly_cookie_that_opens_the_json_and_a_forged_cookie_does_not()
    {
        await using var traffic = await DashboardTraffic.StartAsync();
        using var http = NoCookiesNoRedirects(traffic.Gateway);

        using var wrongKey = await http.GetAsync(new Uri("/dashboard?key=guess", UriKind.Relative));
        await OpenAIError.AssertAsync(wrongKey, 401, "invalid_api_key");
        Assert.False(wrongKey.Headers.Contains("Set-Cookie"));

        using var signIn = await http.GetAsync(new Uri($"/dashboard?key={DashboardTraffic.AdminKey}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/dashboard", signIn.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DashboardTraffic.AdminKey, setCookie, StringComparison.Ordinal);
        var cookie = setCookie.Split(';')[0];

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/admin/dashboard/summary?period=7d");
        withCookie.Headers.Add("Cookie", cookie);
        using var summary = await http.SendAsync(withCookie);
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        Assert.Contains("\"period\":\"7d\"", await summary.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (expires, signature) = (cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..].Split('.')[0], cookie.Split('.')[1]);
        var later = (long.Parse(expires, System.Globalization.CultureInfo.InvariantCulture) + 86_400).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var forged in new[] { $"frugal_dashboard={later}.{signature}", $"frugal_dashboard={expires}.AAAA{signature[4..]}", "frugal_dashboard=1.x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/dashboard/summary");
            request.Headers.Add("Cookie", forged);
            await OpenAIError.AssertAsync(await http.SendAsync(request), 401, "invalid_api_key");
        }
    }

    [Fact]
    public async Task Without_an_admin_key_configured_keys_mode_answers_403()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys");
        using var http = NoCookiesNoRedirects(gateway);
        foreach (var path in AdminPaths)
        {
            await OpenAIError.AssertAsync(await http.GetAsync(new Uri(path, UriKind.Relative)), 403, "admin_disabled");
        }
    }

    [Fact]
    public async Task Open_metrics_access_lets_anyone_scrape_but_keeps_the_dashboard_closed()
    {
        await using var traffic = await DashboardTraffic.StartAsync(""", "telemetry": { "metricsAccess": "open" }""");
        using var http = NoCookiesNoRedirects(traffic.Gateway);

        using var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        await OpenAIError.AssertAsync(await http.GetAsync(new Uri("/dashboard", UriKind.Relative)), 401, "invalid_api_key");
    }

    [Fact]
    public async Task No_auth_mode_serves_loopback_callers_and_rejects_a_bad_period()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = NoCookiesNoRedirects(gateway);

        using var page = await http.GetAsync(new Uri("/dashboard", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal); // nothing loaded from elsewhere
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        var error = await OpenAIError.AssertAsync(await http.GetAsync(new Uri("/admin/dashboard/summary?period=1y", UriKind.Relative)), 400);
        Assert.Contains("24h, 7d, 30d", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await OpenAIError.AssertAsync(await http.GetAsync(new Uri("/admin/dashboard/requests?limit=0", UriKind.Relative)), 400);
        await OpenAIError.AssertAsync(await http.GetAsync(new Uri("/dashboard/nope.js", UriKind.Relative)), 404, "unknown_url");
    }

    private static HttpClient NoCookiesNoRedirects(TestGateway gateway)
        => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = gateway.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
}
