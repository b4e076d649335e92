using Frugal.Tools.Caching;
using Frugal.Tools.Csv;
using Frugal.Tools.Routing;

namespace Frugal.Tests.Tools.Csv;

/// <summary>Malformed rows are errors that name the file and line: never skipped, never merged into a neighbour.</summary>
public sealed class CsvTableTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-csv-table-tests", Guid.NewGuid().ToString("N"));

    public CsvTableTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData("text,label\nok,1\n\"never closed,b\nlast,c\n", "bad.csv: Line 3: a quoted field is not closed")]
    [InlineData("text,label\nok,1\nsaid \"hi\",b\n", "bad.csv: Line 3: a quote inside an unquoted field")]
    [InlineData("text,label\nok,1\n\"x\"y,b\n", "bad.csv: Line 3: unexpected 'y' after a closing quote")]
    [InlineData("text,label\nok,1\none,two,three\n", "bad.csv:3: 3 fields where the header has 2.")]
    [InlineData("text,label\n\"multi\nline\",1\nshort\n", "bad.csv:4: 1 fields where the header has 2.")]
    [InlineData("", "bad.csv: the file is empty (a header row is needed).")]
    public void A_malformed_file_is_an_error_naming_the_line(string content, string message)
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, content);

        var cache = Assert.Throws<InvalidDataException>(() => LabelledCsv.Read(path, "text", "label"));
        var router = Assert.Throws<InvalidDataException>(() => RouterDataset.Read(new StringReader(content), "bad.csv", "text", "label", "label"));

        Assert.StartsWith(message, cache.Message.Replace(path, "bad.csv", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith(message, router.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_fields_in_a_labelled_file_are_an_error_not_ignored()
    {
        var error = Assert.Throws<InvalidDataException>(() => LabelledCsv.Read(new StringReader("text,label\nhello,greeting,extra\n"), "text", "label", "in.csv"));

        Assert.Equal("in.csv:2: 3 fields where the header has 2.", error.Message);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_lines_are_counted_across_quoted_newlines()
    {
        var table = CsvTable.Open(new StringReader("a,b\n\n\"x\ny\",1\n\nz,2\n"), "in.csv");

        var records = table.Records().ToList();

        Assert.Equal([3, 6], records.Select(r => r.Line));
        Assert.Equal(["x\ny", "1"], records[0].Fields);
        Assert.Equal(1, table.Column(" B ".Trim(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_missing_column_lists_the_columns_there_are()
    {
        var table = CsvTable.Open(new StringReader("text,label\n"), "in.csv");

        var error = Assert.Throws<InvalidDataException>(() => table.Column("category", StringComparison.Ordinal));

        Assert.Equal("in.csv: no column 'category'. Columns: 'text', 'label'; 'category' is not one of them.", error.Message);
    }
}
