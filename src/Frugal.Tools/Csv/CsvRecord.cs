namespace Frugal.Tools.Csv;

/// <summary>One CSV record and the 1-based line it starts on (a quoted field may span lines).</summary>
public readonly record struct CsvRecord(int Line, string[] Fields);
