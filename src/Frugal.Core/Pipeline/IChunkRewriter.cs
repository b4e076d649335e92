namespace Frugal.Core.Pipeline;

/// <summary>
/// A stage that changes a stream's chunks, registered with <see cref="ChatStream.Rewrite"/>. For each chunk it
/// emits zero or more chunks into <paramref name="output"/> (the chunk itself to pass it on) and may end the stream
/// early (<see cref="ChunkOutput.EndStream"/>: the upstream is no longer read). When the upstream has ended (or a
/// rewriter ended it) <see cref="OnUpstreamEnded"/> may emit more: what it held back, or closing chunks. Rewriters
/// apply in registration order (innermost stage first); observers see what the last one emits.
/// </summary>
/// <example>
/// Holding back a placeholder split across chunks ("Hello &lt;PERS" then "ON_1&gt;!") until it is whole:
/// <code>
/// sealed class RestorePlaceholders : IChunkRewriter
/// {
///     private string _held = "";
///
///     public void OnChunk(ChatChunk chunk, ChunkOutput output)
///     {
///         var text = _held + chunk.Parsed.Choices[0].Delta.Content;
///         var open = text.LastIndexOf('&lt;');
///         var cut = open &gt;= 0 &amp;&amp; text.IndexOf('&gt;', open) &lt; 0 ? open : text.Length; // an unclosed "&lt;…" waits
///         _held = text[cut..];
///         if (cut &gt; 0)
///         {
///             output.Emit(WithText(chunk, Restore(text[..cut])));
///         }
///     }
///
///     public void OnUpstreamEnded(ChunkOutput output)
///     {
///         if (_held.Length &gt; 0)
///         {
///             output.Emit(TextChunk(_held)); // never a real placeholder: pass it on as it came
///         }
///     }
/// }
/// </code>
/// </example>
public interface IChunkRewriter
{
    void OnChunk(ChatChunk chunk, ChunkOutput output);

    void OnUpstreamEnded(ChunkOutput output);
}
