namespace Frugal.Cli.Commands;

/// <summary>What <c>frugal batch</c> was asked to do (see <see cref="BatchCommand.Parse"/>).</summary>
public sealed record BatchOptions(string? Verb, string? File, string? Id, string Url, string? Key, string? Endpoint, string? Output, bool Wait);
