namespace Frugal.Cli.Demo;

/// <summary>
/// One call of the demo workload: the OpenAI request body and whether to stream it. <see cref="Intent"/> is the
/// Banking77 label of an FAQ question (null for other kinds): a cached answer is right when it answered a question
/// of the same intent.
/// </summary>
public sealed record DemoRequest(string Kind, string Body, bool Stream, string? Intent = null);
