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

        if (request.Input is null)
        {
            return GatewayError.InvalidRequest("'input' is required: a string or an array of strings.", "input", "missing_required_parameter");
        }

        return null;
    }
}
