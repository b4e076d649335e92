using Frugal.Tools.Csv;
using Frugal.Tools.Routing;

namespace Frugal.Tests.Tools.Csv;

public sealed class CsvReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-csv-tests", Guid.NewGuid().ToString("N"));

    public CsvReaderTests() => Directory.CreateDirectory(_dir);

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

    [Fact]
    public void Quoted_fields_keep_commas_newlines_and_quotes()
    {
        const string csv = "prompt,w,s\n\"Which, of these?\nA. \"\"x\"\"\nB. y\nAnswer:\",True,False\nplain,False,True\n";

        var records = new CsvReader(new StringReader(csv)).ReadAll().ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(["Which, of these?\nA. \"x\"\nB. y\nAnswer:", "True", "False"], records[1]);
        Assert.Equal(["plain", "False", "True"], records[2]);
    }

    [Fact]
    public void Crlf_empty_fields_and_a_missing_final_newline()
    {
        var records = new CsvReader(new StringReader("a,b,c\r\n,,\r\n\"\",x,\"y\"")).ReadAll().ToList();

        Assert.Equal(["a", "b", "c"], records[0]);
        Assert.Equal(["", "", ""], records[1]);
        Assert.Equal(["", "x", "y"], records[2]);
    }

    [Fact]
    public void Record_lines_count_newlines_inside_quotes()
    {
        var reader = new CsvReader(new StringReader("h\n\"one\ntwo\nthree\"\nnext\n"));

        reader.ReadRecord();
        reader.ReadRecord();
        reader.ReadRecord();

        Assert.Equal(5, reader.RecordLine);
    }

    [Theory]
    [InlineData("a,\"unterminated\n", "not closed")]
    [InlineData("a,\"x\"y,b\n", "after a closing quote")]
    public void Malformed_csv_names_the_line(string csv, string message)
    {
        var ex = Assert.Throws<FormatException>(() => new CsvReader(new StringReader(csv)).ReadAll().ToList());

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("Line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dataset_reads_booleans_in_every_usual_spelling()
    {
        const string csv = "prompt,weak,strong\np1,True,False\np2,false,TRUE\np3,1,0\np4,yes,no\n\n";

        var rows = RouterDataset.Read(new StringReader(csv), "t.csv", "prompt", "weak", "strong");

        Assert.Equal([true, false, true, true], rows.Select(r => r.WeakCorrect));
        Assert.Equal([false, true, false, false], rows.Select(r => r.StrongCorrect));
    }

    [Fact]
    public void Dataset_errors_name_file_line_and_column()
    {
        var badValue = Assert.Throws<InvalidDataException>(() => RouterDataset.Read(new StringReader("prompt,w,s\np,True,maybe\n"), "t.csv", "prompt", "w", "s"));
        var missing = Assert.Throws<InvalidDataException>(() => RouterDataset.Read(new StringReader("prompt,w,s\n"), "t.csv", "prompt", "weak", "s"));
        var ragged = Assert.Throws<InvalidDataException>(() => RouterDataset.Read(new StringReader("prompt,w,s\np,True\n"), "t.csv", "prompt", "w", "s"));

        Assert.Equal("t.csv:2: column 's' holds 'maybe', not True/False.", badValue.Message);
        Assert.Contains("no column 'weak'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'prompt', 'w', 's'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("t.csv:2: 2 fields", ragged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_every_csv_in_name_order()
    {
        File.WriteAllText(Path.Combine(_dir, "b.csv"), "prompt,w,s\nfrom b,True,True\n");
        File.WriteAllText(Path.Combine(_dir, "a.csv"), "prompt,w,s\n\"from a, with comma\",False,True\n");
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "ignored");

        var dataset = RouterDataset.Load(_dir, "prompt", "w", "s");

        Assert.Equal(["from a, with comma", "from b"], dataset.Examples.Select(e => e.Prompt));
        Assert.Equal(2, dataset.Files.Count);
        Assert.Throws<InvalidDataException>(() => RouterDataset.Load(Path.Combine(_dir, "missing"), "prompt", "w", "s"));
    }
}
