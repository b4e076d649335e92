using Spectre.Console;
using Spectre.Console.Rendering;

namespace Frugal.Cli;

/// <summary>
/// A Spectre table as the CLI prints it: no border, two spaces between columns, numbers right-aligned, so a piped
/// table is still one row per line that grep and cut handle. Every cell is data: control characters become visible
/// escapes and markup is escaped (<see cref="TerminalText"/>), whatever a request named its model or key.
/// </summary>
public sealed class CliTable
{
    private readonly Table _table = new Table().NoBorder().ShowHeaders();

    /// <summary>Adds a column; <paramref name="numeric"/> right-aligns it.</summary>
    public CliTable Column(string header, bool numeric = false)
    {
        _table.AddColumn(new TableColumn(TerminalText.Markup(header))
        {
            Padding = new Padding(0, 0, 2, 0),
            Alignment = numeric ? Justify.Right : Justify.Left,
        });
        return this;
    }

    /// <summary>Adds a row; missing trailing cells are left empty.</summary>
    public CliTable Row(params string?[] cells)
    {
        var renderables = new IRenderable[_table.Columns.Count];
        for (var i = 0; i < renderables.Length; i++)
        {
            renderables[i] = new Text(i < cells.Length ? TerminalText.Plain(cells[i]) : string.Empty);
        }

        _table.AddRow(renderables);
        return this;
    }

    /// <summary>Writes the table to Console.Out (wide, uncoloured when redirected so nothing wraps or carries escapes).</summary>
    public void Write()
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 400;
        }

        console.Write(_table);
    }
}
