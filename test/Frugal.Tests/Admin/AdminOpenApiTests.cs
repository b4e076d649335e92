using Frugal.Server.OpenApi;
using Frugal.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Frugal.Tests.Admin;

/// <summary>
/// The hand-written admin OpenAPI document: valid OpenAPI 3 (parsed and validated by Microsoft.OpenApi), and in step
/// with the routes the server maps — every /admin route and method is in it and everything in it is mapped.
/// </summary>
public sealed class AdminOpenApiTests
{
    private const string AdminVariable = "FRUGAL_TEST_OPENAPI_ADMIN_KEY";

    [Fact]
    public void The_document_is_valid_OpenAPI_3()
    {
        var read = OpenApiDocument.Parse(System.Text.Encoding.UTF8.GetString(AdminOpenApiEndpoint.Bytes), "json");

        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, read.Diagnostic.SpecificationVersion);
        var document = read.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal("Frugal admin API", document.Info.Title);
    }

    [Fact]
    public async Task Every_mapped_admin_route_is_documented_and_every_documented_one_is_mapped()
    {
        Environment.SetEnvironmentVariable(AdminVariable, "openapi-admin");
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable, extraJson: """, "budgets": {}""");
        var mapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in gateway.App.Services.GetServices<EndpointDataSource>())
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                if (!pattern.StartsWith("/admin/", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                {
                    mapped.Add($"{method} {pattern}");
                }
            }
        }

        var document = OpenApiDocument.Parse(System.Text.Encoding.UTF8.GetString(AdminOpenApiEndpoint.Bytes), "json").Document!;
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document.Paths)
        {
            if (item.Operations is null)
            {
                continue;
            }

            foreach (var method in item.Operations.Keys)
            {
                documented.Add($"{method.Method.ToUpperInvariant()} {path}");
            }
        }

        Assert.Contains("POST /admin/keys", mapped);
        Assert.Equal(mapped, documented);

        // Served by the gateway itself, behind the admin key like every /admin path.
        using var anonymous = await gateway.Http.GetAsync(new Uri("/admin/openapi.json", UriKind.Relative));
        await OpenAIError.AssertAsync(anonymous, 401, "invalid_api_key");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/openapi.json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "openapi-admin");
        using var served = await gateway.Http.SendAsync(request);
        Assert.Equal(AdminOpenApiEndpoint.Bytes, await served.Content.ReadAsByteArrayAsync());
    }
}
