using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Pipeline;

/// <summary>
/// How a stream ended, handed to every <see cref="IStreamObserver.OnCompletedAsync"/> of the stream, and the one
/// assembled answer: built at most once, by the stream's one <see cref="StreamAssembler"/>, the first time an
/// observer asks (only observers registered with <c>needsAnswer</c> get chunks assembled at all).
/// </summary>
public sealed class StreamCompletion
{
    private readonly StreamAssembler? _assembler;
    private ChatCompletionResponse? _answer;
    private bool _built;

    internal StreamCompletion(StreamEnd how, GatewayError? error, StreamAssembler? assembler)
    {
        How = how;
        Error = error;
        _assembler = assembler;
    }

    public StreamEnd How { get; }

    /// <summary>The upstream's failure when <see cref="How"/> is <see cref="StreamEnd.UpstreamFailed"/>; otherwise null.</summary>
    public GatewayError? Error { get; }

    /// <summary>True when every chunk came and was read.</summary>
    public bool IsCompleted => How == StreamEnd.Completed;

    /// <summary>
    /// The whole answer as a non-streaming call would have returned it, when the stream completed and every choice
    /// finished; null otherwise (a cut or abandoned stream is never an answer), or when no observer asked for it.
    /// </summary>
    public ChatCompletionResponse? Answer
    {
        get
        {
            if (!_built)
            {
                _built = true;
                _answer = IsCompleted ? _assembler?.Build() : null;
            }

            return _answer;
        }
    }

    /// <summary>The text of choice <paramref name="index"/> as far as it came (even when the stream did not complete); null when not assembled.</summary>
    public string? TextOf(int index) => _assembler?.ContentOf(index);
}
