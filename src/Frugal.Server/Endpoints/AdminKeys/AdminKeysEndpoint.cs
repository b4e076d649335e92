using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Frugal.Core.Admission;
using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary>
/// <c>/admin/keys</c>: create (the secret is in this one answer), list (filters + pages), get, update (PATCH) and revoke
/// (DELETE) virtual keys by id, admin key required. Every rule is <see cref="KeyAdministration"/>'s, shared with
/// <c>frugal keys</c>; this class only turns HTTP into its calls and its results into JSON.
/// </summary>
public sealed class AdminKeysEndpoint(AdminGuard guard, KeyAdministration keys)
{
    private const int MaxBodyBytes = 64 * 1024;
    private const string Fields = "name, team, tags, expires_at, allowed_models, store_bodies, budget {usd, window}, rate_limit {requests_per_minute, tokens_per_minute, max_output_tokens}";
    private const string PatchFields = "team, tags, expires_at, allowed_models, budget {usd, window}, rate_limit {requests_per_minute, tokens_per_minute, max_output_tokens} or null";

    public static void Map(WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<AdminKeysEndpoint>();
        app.MapPost("/admin/keys", endpoint.CreateAsync);
        app.MapGet("/admin/keys", endpoint.ListAsync);
        app.MapGet("/admin/keys/{id}", endpoint.GetAsync);
        app.MapMethods("/admin/keys/{id}", ["PATCH"], endpoint.PatchAsync);
        app.MapDelete("/admin/keys/{id}", endpoint.DeleteAsync);
    }

    public async Task CreateAsync(HttpContext context)
    {
        if (await DeniedAsync(context))
        {
            return;
        }

        var body = await ReadAsync(context, AdminKeysJsonContext.Default.CreateKeyBody, Fields);
        if (body is null)
        {
            return;
        }

        var spec = new KeySpec(body.Name)
        {
            Team = body.Team,
            Tags = body.Tags ?? [],
            ExpiresAt = body.ExpiresAt,
            AllowedModels = body.AllowedModels ?? [],
            StoreBodies = body.StoreBodies,
            Budget = body.Budget is { } budget ? new KeyBudget(budget.Usd, budget.Window) : null,
            RateLimit = RateLimitOf(body.RateLimit),
        };
        var created = await keys.CreateAsync(spec, context.RequestAborted);
        if (!created.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, created.Error);
            return;
        }

        await WriteAsync(context, 201, ToResponse(created.Value.Details, created.Value.Secret), AdminKeysJsonContext.Default.KeyResponse);
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await DeniedAsync(context))
        {
            return;
        }

        var query = context.Request.Query;
        int? limit = null;
        if (query.TryGetValue("limit", out var limitText))
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest($"limit must be a whole number from 1 to {KeyAdministration.MaxPageSize}.", "limit"));
                return;
            }

            limit = parsed;
        }

        var filter = new KeyFilter
        {
            Name = Single(query, "name"),
            Team = Single(query, "team"),
            Tag = Single(query, "tag"),
            Status = Single(query, "status"),
        };
        var page = await keys.ListAsync(filter, limit, Single(query, "after"), context.RequestAborted);
        if (!page.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, page.Error);
            return;
        }

        var data = new List<KeyResponse>(page.Value.Keys.Count);
        foreach (var key in page.Value.Keys)
        {
            data.Add(ToResponse(key, secret: null));
        }

        var list = new KeyListResponse { Data = data, HasMore = page.Value.HasMore, NextAfter = page.Value.HasMore ? data[^1].Id : null };
        await WriteAsync(context, 200, list, AdminKeysJsonContext.Default.KeyListResponse);
    }

    public async Task GetAsync(HttpContext context)
    {
        if (!await DeniedAsync(context))
        {
            await AnswerAsync(context, await keys.GetAsync(Id(context), context.RequestAborted));
        }
    }

    public async Task PatchAsync(HttpContext context)
    {
        if (await DeniedAsync(context))
        {
            return;
        }

        var body = await ReadAsync(context, AdminKeysJsonContext.Default.PatchKeyBody, PatchFields);
        if (body is null)
        {
            return;
        }

        var changes = new KeyChanges
        {
            SetsTeam = body.HasTeam,
            Team = body.Team,
            Tags = body.Tags,
            SetsExpiry = body.HasExpiresAt,
            ExpiresAt = body.ExpiresAt,
            AllowedModels = body.AllowedModels,
            Budget = body.Budget is { } budget ? new KeyBudget(budget.Usd, budget.Window) : null,
            SetsRateLimit = body.HasRateLimit,
            RateLimit = RateLimitOf(body.RateLimit),
        };
        await AnswerAsync(context, await keys.UpdateAsync(Id(context), changes, context.RequestAborted));
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (!await DeniedAsync(context))
        {
            await AnswerAsync(context, await keys.RevokeAsync(Id(context), context.RequestAborted));
        }
    }

    private async Task<bool> DeniedAsync(HttpContext context)
    {
        if (guard.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return true;
        }

        return false;
    }

    private static KeyRateLimit? RateLimitOf(KeyRateLimitBody? body)
        => body is null ? null : new KeyRateLimit(body.RequestsPerMinute, body.TokensPerMinute, body.MaxOutputTokens);

    private static string Id(HttpContext context) => context.Request.RouteValues["id"] as string ?? string.Empty;

    private static string? Single(IQueryCollection query, string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static async Task AnswerAsync(HttpContext context, GatewayResult<KeyDetails> result)
    {
        if (!result.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, result.Error);
            return;
        }

        await WriteAsync(context, 200, ToResponse(result.Value, secret: null), AdminKeysJsonContext.Default.KeyResponse);
    }

    /// <summary>The body as <typeparamref name="T"/>, or null after answering 400/413 (not JSON, a wrong type, an unknown field).</summary>
    private static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, string fields)
        where T : class
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await ErrorResponses.WriteAsync(context, GatewayError.PayloadTooLarge(MaxBodyBytes));
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                await ErrorResponses.WriteAsync(context, GatewayError.PayloadTooLarge(MaxBodyBytes));
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            if (JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo) is { } body)
            {
                return body;
            }
        }
        catch (JsonException ex)
        {
            await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest(
                $"The body is not a valid key object (problem at {ex.Path ?? "$"}: a wrong type, malformed JSON or an unknown field). Fields: {fields}.", ex.Path ?? "$", "invalid_key_body"));
            return null;
        }

        await ErrorResponses.WriteAsync(context, GatewayError.InvalidRequest($"The body must be a JSON object with the fields {fields}.", "$", "invalid_key_body"));
        return null;
    }

    private static async Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    private static KeyResponse ToResponse(KeyDetails details, string? secret)
    {
        var key = details.Key;
        var budgets = new List<KeyBudgetResponse>(details.Budgets.Count);
        foreach (var budget in details.Budgets)
        {
            budgets.Add(new KeyBudgetResponse { Id = budget.Id, Window = budget.Window.ToString(), Usd = budget.LimitUsd });
        }

        return new KeyResponse
        {
            Id = key.Id,
            Name = key.Name,
            Team = key.Team,
            Tags = key.Tags,
            Prefix = key.Prefix,
            Status = details.Status,
            CreatedAt = key.CreatedAt,
            ExpiresAt = key.ExpiresAt,
            RevokedAt = key.RevokedAt,
            AllowedModels = key.AllowedModels,
            StoreBodies = key.StoreBodies,
            Budgets = budgets,
            RateLimit = details.RateLimit is { } rate
                ? new KeyRateLimitBody { RequestsPerMinute = rate.RequestsPerMinute, TokensPerMinute = rate.TokensPerMinute, MaxOutputTokens = rate.MaxOutputTokens }
                : null,
            Key = secret,
        };
    }
}
