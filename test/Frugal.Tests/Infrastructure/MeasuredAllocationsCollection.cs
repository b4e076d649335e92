namespace Frugal.Tests.Infrastructure;

/// <summary>Tests that measure process-wide allocations run alone: any other test running beside them would count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAllocationsCollection
{
    public const string Name = "measured allocations";
}
