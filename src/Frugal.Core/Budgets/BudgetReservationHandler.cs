using System.Globalization;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Budgets;

/// <summary>
/// Between routing and dispatch, so it runs once per attempt with the attempt's model: reserves the
/// worst case (counted prompt tokens × input price + output cap × output price) in every budget of the
/// request, sends the call with an output cap the grant pays for, and settles to the real cost after it
/// (a failed attempt releases its reservation). A stream is cut off at the cap (<see cref="StreamCutOff"/>).
/// </summary>
public sealed class BudgetReservationHandler(IGatewayHandler inner, BudgetGuard guard, BudgetPricing pricing) : DelegatingGatewayHandler(inner)
{
    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var (error, attempt) = await BeginAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (attempt is null)
        {
            return await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var original = request.Chat;
        try
        {
            request.Chat = WithOutputCap(original, attempt.OutputCap);
            return await SettleAfterAsync(attempt, request, () => Inner.SendAsync(request, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            request.Chat = original;
        }
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var (error, attempt) = await BeginAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (attempt is null)
        {
            return await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }

        GatewayResult<ChatStream> result;
        try
        {
            result = await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await attempt.ReleaseAsync().ConfigureAwait(false);
            throw;
        }

        if (!result.IsSuccess)
        {
            await attempt.ReleaseAsync().ConfigureAwait(false);
            return result;
        }

        StreamCutOff.Attach(result.Value, request, attempt);
        return result;
    }

    public override async ValueTask<GatewayResult<EmbeddingResult>> EmbedAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var (error, attempt) = await BeginAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        return attempt is null
            ? await Inner.EmbedAsync(request, cancellationToken).ConfigureAwait(false)
            : await SettleAfterAsync(attempt, request, () => Inner.EmbedAsync(request, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Awaits a whole (non-streamed) call: settles the attempt to the real cost on success, releases it otherwise.</summary>
    private static async ValueTask<GatewayResult<T>> SettleAfterAsync<T>(BudgetAttempt attempt, GatewayRequest request, Func<ValueTask<GatewayResult<T>>> call)
        where T : class
    {
        GatewayResult<T> result;
        try
        {
            result = await call().ConfigureAwait(false);
        }
        catch
        {
            await attempt.ReleaseAsync().ConfigureAwait(false); // exception or cancellation (the client left): nothing was delivered
            throw;
        }

        if (result.IsSuccess)
        {
            await attempt.SettleAsync(request).ConfigureAwait(false);
        }
        else
        {
            await attempt.ReleaseAsync().ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>An error to answer with, or the attempt (null when nothing applies or enforcement is off).</summary>
    private async ValueTask<(GatewayError? Error, BudgetAttempt? Attempt)> BeginAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        if (!BudgetGuard.TryGetTicket(request, out var ticket) || ticket.Unenforced || request.Features.Get<RoutingFeature>()?.Target is not { } target)
        {
            return (null, null);
        }

        var chat = request.Chat;
        var requested = chat?.OutputTokenCap;
        var keyCap = ticket.KeyOutputCap;
        var keyCapReason = keyCap is { } k ? string.Create(CultureInfo.InvariantCulture, $"the key's output cap of {k} tokens") : null;
        var reservationId = ticket.NextReservationId(request.RequestId);
        var capFeature = request.Features.GetOrAdd<OutputCapFeature>();
        capFeature.Lowered = chat is not null && keyCap is { } lowered && lowered < (requested ?? int.MaxValue);
        if (ticket.Budgets.Count == 0)
        {
            return (null, new BudgetAttempt(guard, ticket, reservationId, null, 0m, chat is null ? null : keyCap, keyCapReason, reserved: false));
        }

        if (pricing.Find(target) is not { } price)
        {
            return guard.Options.AllowUnpriced
                ? (null, new BudgetAttempt(guard, ticket, reservationId, null, 0m, chat is null ? null : keyCap, keyCapReason, reserved: false))
                : (BudgetErrors.Unpriced(target.Model), null);
        }

        var usual = requested ?? guard.Options.DefaultMaxOutputTokens;
        var choices = Math.Max(1, chat?.N ?? 1);
        // Client-supplied: max_tokens may be anything from int.MinValue to int.MaxValue; CallCostEstimate saturates.
        var maxOutput = chat is null ? 0 : Math.Max(0, Math.Min(requested ?? guard.Options.DefaultMaxOutputTokens, keyCap ?? int.MaxValue));
        var estimate = new CallCostEstimate(price, ticket.InputTokens, choices);
        var worstCase = estimate.Cost(maxOutput);
        var minimum = estimate.Cost(Math.Min(guard.Options.MinOutputTokens, maxOutput));
        var (error, granted) = await guard.ReserveAsync(ticket, reservationId, worstCase, minimum, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return (error, null);
        }

        if (ticket.Unenforced)
        {
            return (null, null); // the store failed just now and onStoreUnavailable is "open": nothing was granted, so nothing to cap or settle
        }

        // From here the budget holds a reservation: anything that fails before the attempt owns it must release it.
        try
        {
            if (chat is null)
            {
                return (null, new BudgetAttempt(guard, ticket, reservationId, price, granted, null, null, reserved: true));
            }

            var cap = granted >= worstCase ? maxOutput : estimate.AffordableOutput(granted, maxOutput);
            capFeature.Lowered = cap < usual;
            var reason = cap < maxOutput ? string.Create(CultureInfo.InvariantCulture, $"what is left of the budget ({BudgetNames(ticket)}) pays for {cap} output tokens")
                : keyCap is not null && cap == keyCap && (requested is null || requested > keyCap) ? keyCapReason
                : requested is null ? string.Create(CultureInfo.InvariantCulture, $"budgets.defaultMaxOutputTokens is {cap}")
                : null;
            return (null, new BudgetAttempt(guard, ticket, reservationId, price, granted, cap, reason, reserved: true));
        }
        catch
        {
            await guard.SettleAsync(ticket, reservationId, 0m).ConfigureAwait(false);
            throw;
        }
    }

    private static string BudgetNames(BudgetTicket ticket) => string.Join(", ", ticket.Budgets.Select(b => b.Id));

    /// <summary>The request with its output cap lowered to <paramref name="cap"/> (a copy; the client's request is untouched).</summary>
    private static ChatCompletionRequest? WithOutputCap(ChatCompletionRequest? chat, int? cap)
    {
        if (chat is null || cap is not { } limit || chat.OutputTokenCap is { } asked && asked <= limit && (chat.MaxTokens ?? 0) <= limit)
        {
            return chat;
        }

        var copy = chat.ShallowClone();
        if (chat.MaxTokens is not null)
        {
            copy.MaxTokens = Math.Min(chat.MaxTokens.Value, limit);
        }

        if (chat.MaxCompletionTokens is not null || chat.MaxTokens is null)
        {
            copy.MaxCompletionTokens = Math.Min(chat.MaxCompletionTokens ?? limit, limit);
        }

        return copy;
    }
}
