namespace Frugal.Cli.Demo;

/// <summary>One call of the demo workload: the OpenAI request body and whether to stream it.</summary>
public sealed record DemoRequest(string Kind, string Body, bool Stream);
