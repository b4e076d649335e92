namespace Frugal.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when a test says so: wall time and timestamps move together
/// (starts at the given instant, or the real current time).
/// </summary>
public sealed class ManualClock(DateTimeOffset? start = null) : TimeProvider
{
    private long _ticks = (start ?? DateTimeOffset.UtcNow).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
