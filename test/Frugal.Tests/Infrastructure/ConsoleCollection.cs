namespace Frugal.Tests.Infrastructure;

/// <summary>Tests that redirect Console run alone: Console is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
