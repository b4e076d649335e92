namespace Frugal.Tests.Infrastructure;

/// <summary>A clock that moves only when the test says so (starts at the real current time).</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
