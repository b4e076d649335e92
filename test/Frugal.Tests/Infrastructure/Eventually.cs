using System.Diagnostics;

namespace Frugal.Tests.Infrastructure;

/// <summary>
/// Bounded waits for an asynchronous effect the test cannot await directly (a background writer's commit, a
/// child process coming up, the far end of a socket noticing a close). This is the one place the tests poll
/// on the real clock; time-based behaviour (TTLs, cool-downs, windows) is driven by a FakeTimeProvider instead.
/// Each helper returns when the condition holds or the timeout passes, and reports which: the caller asserts.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    /// <summary>True as soon as <paramref name="condition"/> holds; false once <paramref name="timeout"/> passed without it.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
        => UntilAsync(() => Task.FromResult(condition()), timeout);

    /// <inheritdoc cref="UntilAsync(Func{bool}, TimeSpan?)"/>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var (_, met) = await ProbeAsync(async () => await condition(), met => met, timeout);
        return met;
    }

    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> accepts its value or the timeout passes; returns the
    /// last value either way, so the test asserts on what it saw.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
        => (await ProbeAsync(probe, done, timeout)).Value;

    /// <summary>The blocking form, for lazily initialised fixtures that cannot await.</summary>
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            if (condition())
            {
                return true;
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            Thread.Sleep(pause);
            pause = Next(pause);
        }
    }

    private static async Task<(T Value, bool Met)> ProbeAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return (value, true);
            }

            if (Stopwatch.GetElapsedTime(started) >= limit)
            {
                return (value, false);
            }

            await Task.Delay(pause);
            pause = Next(pause);
        }
    }

    // Short first pauses (most effects land within milliseconds), growing to a bound so a slow box is not hammered.
    private static TimeSpan Next(TimeSpan pause) => pause * 2 < LongestPause ? pause * 2 : LongestPause;
}
