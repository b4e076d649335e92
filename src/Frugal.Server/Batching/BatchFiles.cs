using Frugal.Core.Configuration;

namespace Frugal.Server.Batching;

/// <summary>Where Frugal keeps file contents: <c>&lt;dataDir&gt;/files/&lt;id&gt;.jsonl</c> (ids are generated, never taken from a client).</summary>
public sealed class BatchFiles(GatewayConfig config)
{
    public string Directory { get; } = Path.Combine(config.DataDir, "files");

    public string PathOf(string fileId) => Path.Combine(Directory, fileId + ".jsonl");

    public FileStream Create(string fileId)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return new FileStream(PathOf(fileId), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
    }

    public void Delete(string fileId)
    {
        try
        {
            File.Delete(PathOf(fileId));
        }
        catch (IOException)
        {
            // the metadata row says deleted; an open reader keeps the content until it closes
        }
    }
}
