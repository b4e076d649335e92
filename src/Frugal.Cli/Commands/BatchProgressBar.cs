using System.Globalization;
using System.Text.Json;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>--wait</c>'s progress: one line redrawn in place on a terminal, or a new line only when the numbers change when
/// the output is redirected (a log stays readable).
/// </summary>
public sealed class BatchProgressBar(TextWriter output, bool redirected)
{
    private const int Width = 30;
    private string? _last;

    public void Show(JsonElement batch)
    {
        var counts = batch.GetProperty("request_counts");
        var total = counts.GetProperty("total").GetInt32();
        var done = counts.GetProperty("completed").GetInt32() + counts.GetProperty("failed").GetInt32();
        var filled = total == 0 ? 0 : (int)((long)done * Width / total);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', Width - filled)}] {done}/{total} {batch.GetProperty("status").GetString()} ({counts.GetProperty("failed").GetInt32()} failed)");
        if (text == _last)
        {
            return;
        }

        _last = text;
        if (redirected)
        {
            output.WriteLine(text);
        }
        else
        {
            output.Write("\r" + text.PadRight(Width + 40));
        }
    }

    public void End()
    {
        if (!redirected)
        {
            output.WriteLine();
        }
    }
}
