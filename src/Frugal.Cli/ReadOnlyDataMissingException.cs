namespace Frugal.Cli;

/// <summary>
/// A read-only command found no data to read (no data directory, or no database in it). It names where it looked and
/// why nothing is there, and exits 1 — it never creates the directory or an empty database to report zeros from.
/// </summary>
public sealed class ReadOnlyDataMissingException(string message) : Exception(message);
