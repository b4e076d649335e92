namespace Frugal.Core.Configuration;

/// <summary>
/// What kind of calls a model answers. Only <see cref="Chat"/> models can be route targets: an
/// embedding model priced next to the chat models must never answer a chat request (issue #14).
/// Set per catalog entry (<c>"mode"</c>, default chat) and per configured model (<c>"mode"</c>,
/// which wins over the catalog).
/// </summary>
public enum ModelMode
{
    Chat,
    Embedding,
    Image,
    Audio,
    Moderation,
    Rerank,
}
