using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Routing.Shadow;

/// <summary>One sampled request to label: what was asked, which cheaper model answered what, and who compares.</summary>
/// <param name="RequestId">The client request it shadows (the label and evaluation calls refer to it).</param>
/// <param name="Tenant">Whose traffic it was: the evaluation calls are attributed to the same key and team.</param>
/// <param name="Route">The route that answered.</param>
/// <param name="Chat">The client's request body (not changed; copies are sent).</param>
/// <param name="WeakModel">The model that answered the client.</param>
/// <param name="WeakAnswer">Its answer text.</param>
/// <param name="StrongModel">The route's most capable model.</param>
/// <param name="JudgeModel">The model that decides whether the weak answer was good enough.</param>
public sealed record ShadowJob(string RequestId, Tenant Tenant, string Route, ChatCompletionRequest Chat, string WeakModel, string WeakAnswer, string StrongModel, string JudgeModel);
