namespace Frugal.Server.Hosting;

/// <summary>
/// The data directory must exist (it is created) and take a new file before anything opens a database in it:
/// otherwise SQLite fails later, on the first request or in the ledger writer, with "unable to open database file".
/// </summary>
public static class DataDirectory
{
    public static void EnsureWritable(string dataDir)
    {
        var full = Path.GetFullPath(dataDir);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".frugal-write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GatewayStartupException($"Data directory {full} is not writable ({ex.Message.TrimEnd('.')}); set dataDir in frugal.json to a directory this user can write.", ex);
        }
    }
}
