using Spectre.Console;

namespace Frugal.Cli;

/// <summary>
/// A Spectre progress bar around a long operation (router training, cache replays, evals, downloads) — only when stdout
/// is a terminal. Redirected or piped (or TERM=dumb, or FRUGAL_NO_PROGRESS set) it prints nothing extra, so the output
/// stays parseable. The work reports a fraction from 0 to 1; Frugal.Tools takes an IProgress and never prints.
/// </summary>
public static class CliProgress
{
    /// <summary>Whether bars are drawn in this process (decided once per call from the real console, not Console.Out).</summary>
    public static bool Enabled => ShouldShow(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("TERM"), Environment.GetEnvironmentVariable("FRUGAL_NO_PROGRESS"));

    /// <summary>The rule, kept pure so it is tested without a terminal.</summary>
    public static bool ShouldShow(bool outputRedirected, string? term, string? optOut) =>
        !outputRedirected && !string.Equals(term, "dumb", StringComparison.Ordinal) && string.IsNullOrEmpty(optOut);

    public static T Run<T>(string description, Func<IProgress<double>?, T> work)
    {
        if (!Enabled)
        {
            return work(null);
        }

        return Bar().Start(context => work(new TaskProgress(context.AddTask(TerminalText.Markup(description), maxValue: 1))));
    }

    public static Task<T> RunAsync<T>(string description, Func<IProgress<double>?, Task<T>> work)
    {
        if (!Enabled)
        {
            return work(null);
        }

        return Bar().StartAsync(context => work(new TaskProgress(context.AddTask(TerminalText.Markup(description), maxValue: 1))));
    }

    private static Progress Bar() => AnsiConsole.Progress()
        .AutoClear(true)
        .HideCompleted(true)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());

    /// <summary>Sets the bar directly (thread-safe in Spectre): Progress&lt;T&gt; would post to a context the CLI does not have.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1);
    }
}
