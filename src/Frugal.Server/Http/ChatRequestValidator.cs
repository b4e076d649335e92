using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Server.Http;

/// <summary>
/// Checks what the gateway itself relies on before anything is sent upstream; everything else
/// (value ranges a provider may extend) is left to the provider, whose 4xx passes through.
/// </summary>
public static class ChatRequestValidator
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };

    public static GatewayError? Validate(ChatCompletionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return GatewayError.InvalidRequest("You must provide a model parameter ('model' is missing or empty).", "model", "missing_required_parameter");
        }

        if (ModelNameProblem(request.Model) is { } badModel)
        {
            return badModel;
        }

        if (request.Messages is null)
        {
            return GatewayError.InvalidRequest("'messages' is required: send a non-empty array of messages.", "messages", "missing_required_parameter");
        }

        if (request.Messages.Count == 0)
        {
            return GatewayError.InvalidRequest("'messages' must contain at least one message.", "messages");
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            if (message is null)
            {
                return GatewayError.InvalidRequest($"messages[{i}] must be an object, not null.", $"messages[{i}]");
            }

            if (message.Role is null || !Roles.Contains(message.Role))
            {
                return GatewayError.InvalidRequest(
                    $"messages[{i}].role must be one of system, developer, user, assistant, tool; got {(message.Role is null ? "nothing" : $"'{message.Role}'")}.",
                    $"messages[{i}].role");
            }

            if (message.ToolCalls is { } calls && calls.IndexOf(null!) is var nullCall and >= 0)
            {
                return GatewayError.InvalidRequest($"messages[{i}].tool_calls[{nullCall}] must be an object, not null.", $"messages[{i}].tool_calls[{nullCall}]");
            }
        }

        if (request.Tools is { } tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                if (tools[i] is null)
                {
                    return GatewayError.InvalidRequest($"tools[{i}] must be an object, not null.", $"tools[{i}]");
                }
            }
        }

        // JSON can spell numbers a double cannot hold (1e400 reads as infinity); the request could
        // not be written upstream or to the ledger again, so it is refused here.
        if ((NonFinite(request.Temperature, "temperature") ?? NonFinite(request.TopP, "top_p")
            ?? NonFinite(request.PresencePenalty, "presence_penalty") ?? NonFinite(request.FrequencyPenalty, "frequency_penalty")) is { } notFinite)
        {
            return notFinite;
        }

        if (request.N is < 1 or > 128)
        {
            return GatewayError.InvalidRequest($"'n' must be between 1 and 128, not {request.N}.", "n");
        }

        return null;
    }

    public static GatewayError? Validate(EmbeddingRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return GatewayError.InvalidRequest("You must provide a model parameter ('model' is missing or empty).", "model", "missing_required_parameter");
        }

        if (ModelNameProblem(request.Model) is { } badModel)
        {
            return badModel;
        }

        if (request.Input is null)
        {
            return GatewayError.InvalidRequest("'input' is required: a string or an array of strings.", "input", "missing_required_parameter");
        }

        return null;
    }

    /// <summary>
    /// The longest model name accepted; real ones are far shorter, and the name travels in headers,
    /// logs and the ledger.
    /// </summary>
    public const int MaxModelNameLength = 256;

    /// <summary>Control characters (CR, NUL, …) in a model name would end up in logs and headers: refused.</summary>
    private static GatewayError? ModelNameProblem(string model)
    {
        if (model.Length > MaxModelNameLength)
        {
            return GatewayError.InvalidRequest($"'model' is longer than {MaxModelNameLength} characters.", "model");
        }

        foreach (var c in model)
        {
            if (char.IsControl(c))
            {
                return GatewayError.InvalidRequest($"'model' contains a control character (U+{(int)c:X4}); model names are printable text.", "model");
            }
        }

        return null;
    }

    private static GatewayError? NonFinite(double? value, string param)
        => value is { } number && !double.IsFinite(number)
            ? GatewayError.InvalidRequest($"'{param}' must be a finite number; the value given is out of range.", param)
            : null;
}
