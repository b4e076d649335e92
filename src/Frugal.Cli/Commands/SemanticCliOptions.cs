using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Cli.Commands;

/// <summary>The embedder options shared by <c>frugal cache calibrate|eval</c>: --embedder, --data-dir and the http settings.</summary>
public static class SemanticCliOptions
{
    public static IEmbedder CreateEmbedder(ParsedArgs args)
    {
        var kind = args.Option("embedder") ?? "hashing";
        var dataDir = args.Option("data-dir"); // read even when unused, so it is never reported as unknown
        var options = new EmbedderOptions
        {
            Kind = kind,
            DataDir = kind is "glove" or "hybrid" ? dataDir ?? DataDir(args) : "./frugal-data",
            BaseUrl = args.Option("base-url"),
            Model = args.Option("model"),
            ApiKeyEnv = args.Option("api-key-env"),
        };
        try
        {
            return EmbedderFactory.Create(options, kind == "http" ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or ArgumentException or InvalidDataException)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary>--data-dir, else the config's dataDir (./frugal-data by default).</summary>
    public static string DataDir(ParsedArgs args) =>
        args.Option("data-dir") ?? ConfigFiles.LoadOrExit(args.Option("config"), Console.Error).DataDir;
}
