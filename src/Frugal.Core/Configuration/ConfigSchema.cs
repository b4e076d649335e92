using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Frugal.Core.Configuration.Sources;
using Frugal.Core.Dispatch;

namespace Frugal.Core.Configuration;

/// <summary>
/// What a config file may contain in this build: the section readers found in Frugal.Core and the feature
/// assemblies a host passes, ordered so every reader runs after the keys it checks against, and the provider
/// kinds the host registered. Built once at start (reflection happens here, never per request); loading a
/// file collects every problem with its JSON path. Missing settings take the defaults of the config records.
/// </summary>
public sealed class ConfigSchema
{
    /// <summary>The one root setting that is not a section: where frugal.db and ledger.db live.</summary>
    private const string DataDirKey = "dataDir";

    private readonly IReadOnlyList<IConfigSectionReader> _readers;

    private ConfigSchema(IReadOnlyList<IConfigSectionReader> readers, IReadOnlyDictionary<string, IProviderKind> providerKinds)
    {
        _readers = readers;
        ProviderKinds = providerKinds;
        RootKeys = [DataDirKey, .. readers.SelectMany(r => r.Keys)];
    }

    /// <summary>Every root key a config may have.</summary>
    public IReadOnlyList<string> RootKeys { get; }

    /// <summary>The provider kinds a provider's <c>"kind"</c> may name.</summary>
    public IReadOnlyDictionary<string, IProviderKind> ProviderKinds { get; }

    /// <summary>
    /// Scans Frugal.Core and <paramref name="featureAssemblies"/> for the readers they declare with
    /// <see cref="ConfigSectionReaderAttribute"/>.
    /// Throws when two readers claim a key, a reader reads after a key nobody owns, or the order is circular:
    /// those are bugs in the build, not in a config file.
    /// </summary>
    public static ConfigSchema Create(IEnumerable<IProviderKind> providerKinds, params IEnumerable<Assembly> featureAssemblies)
    {
        var kinds = new Dictionary<string, IProviderKind>(StringComparer.Ordinal);
        foreach (var kind in providerKinds)
        {
            if (!kinds.TryAdd(kind.Name, kind) && kinds[kind.Name].GetType() != kind.GetType())
            {
                throw new InvalidOperationException($"Two provider kinds are named '{kind.Name}': {kinds[kind.Name].GetType().FullName} and {kind.GetType().FullName}.");
            }
        }

        var assemblies = new HashSet<Assembly> { typeof(ConfigSchema).Assembly };
        assemblies.UnionWith(featureAssemblies);

        // A loop rather than Select(a => a.ReaderType): the reader type must reach Instantiate straight from the
        // annotated attribute property, or the trimmer loses track of the constructor it has to keep.
        var readersByType = new Dictionary<Type, IConfigSectionReader>();
        foreach (var assembly in assemblies)
        {
            foreach (var declared in assembly.GetCustomAttributes<ConfigSectionReaderAttribute>())
            {
                if (!readersByType.ContainsKey(declared.ReaderType))
                {
                    readersByType.Add(declared.ReaderType, Instantiate(declared.ReaderType));
                }
            }
        }

        var readers = readersByType
            .OrderBy(pair => pair.Key.FullName, StringComparer.Ordinal)
            .Select(pair => pair.Value)
            .ToList();
        return new ConfigSchema(InDependencyOrder(readers), kinds);
    }

    private static IConfigSectionReader Instantiate(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type type)
    {
        if (!typeof(IConfigSectionReader).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidOperationException($"{type.FullName} is declared a config section reader but is not a concrete IConfigSectionReader with a public parameterless constructor.");
        }

        return (IConfigSectionReader)Activator.CreateInstance(type)!;
    }

    /// <summary>Loads the file at <paramref name="path"/>; with no path, <paramref name="defaultFileName"/> in the working directory if there is one, else the embedded defaults.</summary>
    public ConfigLoadResult Load(string? path, string defaultFileName)
    {
        var file = path ?? (File.Exists(defaultFileName) ? defaultFileName : null);
        if (file is null)
        {
            return new ConfigLoadResult(new GatewayConfig(), [], "embedded defaults");
        }

        if (!File.Exists(file))
        {
            return new ConfigLoadResult(null, [new ConfigProblem("$", $"config file '{file}' does not exist")], file);
        }

        return Parse(File.ReadAllText(file), file);
    }

    public ConfigLoadResult Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {ex.BytePositionInLine + 1})" : string.Empty;
            return new ConfigLoadResult(null, [new ConfigProblem("$", $"not valid JSON{where}")], source);
        }

        using (document)
        {
            var reader = new JsonConfigReader();
            var config = ReadRoot(document.RootElement, reader, ConfigDirectory(source));
            return new ConfigLoadResult(reader.Problems.Count == 0 ? config : null, reader.Problems, source);
        }
    }

    /// <summary>
    /// Loads <paramref name="file"/> (none: the embedded defaults) with the <c>FRUGAL__…</c> overrides and secret
    /// references of <paramref name="environment"/>. Overrides are written into the document before the readers run,
    /// so each is checked like the file; their key names are matched to the readers' keys, which the readers report as
    /// they go, so the document is read again until the overrides land on the same paths (a few rounds, at start only).
    /// A problem inside an override names its variable.
    /// </summary>
    public EffectiveConfig LoadEffective(string? file, IReadOnlyDictionary<string, string> environment)
    {
        var source = file ?? "embedded defaults";
        var problems = new List<ConfigProblem>();
        JsonObject? fileRoot = null;
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                return Failed([new ConfigProblem("$", $"config file '{file}' does not exist")]);
            }

            try
            {
                var node = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                fileRoot = node as JsonObject;
                if (fileRoot is null)
                {
                    return Failed([new ConfigProblem("$", "must be an object")]);
                }
            }
            catch (JsonException ex)
            {
                var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {ex.BytePositionInLine + 1})" : string.Empty;
                return Failed([new ConfigProblem("$", $"not valid JSON{where}")]);
            }
        }

        var overrides = EnvironmentOverrides.From(environment, problems);
        var knownKeys = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal) { ["$"] = RootKeys };
        var stringPaths = new HashSet<string>(StringComparer.Ordinal);
        var baseDirectory = BaseDirectory(file);
        string? previous = null;
        for (var round = 0; ; round++)
        {
            var document = (JsonObject?)fileRoot?.DeepClone() ?? [];
            var applyProblems = new List<ConfigProblem>();
            var targets = EnvironmentOverrides.Apply(document, overrides, knownKeys, stringPaths, applyProblems);
            var json = document.ToJsonString();
            var config = ReadMerged(json, environment, baseDirectory, out var reader);
            var learned = Learn(reader, knownKeys, stringPaths);
            if (json == previous || !learned || overrides.Count == 0 || round == 8)
            {
                problems.AddRange(applyProblems);
                foreach (var problem in reader.Problems)
                {
                    problems.Add(NameTheVariable(problem, targets));
                }

                var result = new ConfigLoadResult(problems.Count == 0 ? (file is null && overrides.Count == 0 ? new GatewayConfig() : config) : null, problems, source);
                return new EffectiveConfig(result, document, targets, new Dictionary<string, string>(reader.SecretOrigins, StringComparer.Ordinal))
                {
                    KnownKeys = new Dictionary<string, IReadOnlyCollection<string>>(reader.KnownKeys, StringComparer.Ordinal),
                };
            }

            previous = json;
        }

        EffectiveConfig Failed(IReadOnlyList<ConfigProblem> failures)
            => new(new ConfigLoadResult(null, failures, source), [], new Dictionary<string, string>(), new Dictionary<string, string>());
    }

    /// <summary>
    /// Reads a document that already holds the environment's overrides (an <see cref="EffectiveConfig.Document"/>, or
    /// one merged from two of them by a config reload), resolving secret references against <paramref name="environment"/>
    /// and relative paths against <paramref name="file"/>'s folder.
    /// </summary>
    public ConfigLoadResult Read(JsonObject document, string? file, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(environment);
        var config = ReadMerged(document.ToJsonString(), environment, BaseDirectory(file), out var reader);
        return new ConfigLoadResult(reader.Problems.Count == 0 ? config : null, reader.Problems, file ?? "embedded defaults");
    }

    /// <summary>
    /// Reads a document that already holds the overrides, resolving secret references against <paramref name="environment"/>;
    /// <paramref name="reader"/> keeps what the readers reported (problems, known keys, secret origins).
    /// </summary>
    private GatewayConfig ReadMerged(string json, IReadOnlyDictionary<string, string> environment, string baseDirectory, out JsonConfigReader reader)
    {
        reader = new JsonConfigReader(name => environment.TryGetValue(name, out var value) ? value : null);
        using var parsed = JsonDocument.Parse(json);
        return ReadRoot(parsed.RootElement, reader, baseDirectory);
    }

    /// <summary>Where relative paths in a config are resolved from: the file's folder, or the working directory without a file.</summary>
    private static string BaseDirectory(string? file) => file is null ? Directory.GetCurrentDirectory() : ConfigDirectory(file);

    /// <summary>Adds what the readers reported as known keys and string settings; true when something was new.</summary>
    private static bool Learn(JsonConfigReader reader, Dictionary<string, IReadOnlyCollection<string>> knownKeys, HashSet<string> stringPaths)
    {
        var learned = false;
        foreach (var (path, keys) in reader.KnownKeys)
        {
            learned |= knownKeys.TryAdd(path, keys);
        }

        foreach (var path in reader.StringPaths)
        {
            learned |= stringPaths.Add(path);
        }

        return learned;
    }

    private static ConfigProblem NameTheVariable(ConfigProblem problem, IReadOnlyDictionary<string, string> targets)
    {
        string? variable = null;
        var length = -1;
        foreach (var (name, target) in targets)
        {
            if (ConfigPaths.IsWithin(problem.Path, target) && target.Length > length)
            {
                variable = name;
                length = target.Length;
            }
        }

        return variable is null ? problem : problem with { Path = $"{variable} ({problem.Path})" };
    }

    /// <summary>Relative paths in a config file (router.json) are relative to the file; for other sources, to the working directory.</summary>
    private static string ConfigDirectory(string source)
        => File.Exists(source) ? Path.GetDirectoryName(Path.GetFullPath(source))! : Directory.GetCurrentDirectory();

    private GatewayConfig ReadRoot(JsonElement root, JsonConfigReader reader, string baseDirectory)
    {
        var config = new GatewayConfig();
        if (!reader.ExpectObject(root, "$", RootKeys))
        {
            return config;
        }

        var context = new ConfigReadContext(root, reader, baseDirectory, ProviderKinds)
        {
            Config = config with { DataDir = reader.String(root, DataDirKey, "$") ?? config.DataDir },
        };
        foreach (var sectionReader in _readers)
        {
            context.Config = sectionReader.Read(context);
        }

        return context.Config;
    }

    /// <summary>A stable topological order: each reader after the owners of its <see cref="IConfigSectionReader.ReadsAfter"/> keys, else by type name.</summary>
    private static List<IConfigSectionReader> InDependencyOrder(List<IConfigSectionReader> readers)
    {
        var owners = new Dictionary<string, IConfigSectionReader>(StringComparer.Ordinal) { [DataDirKey] = null! };
        foreach (var reader in readers)
        {
            foreach (var key in reader.Keys)
            {
                if (!owners.TryAdd(key, reader))
                {
                    throw new InvalidOperationException($"Config key '{key}' is claimed by {reader.GetType().FullName} and {owners[key]?.GetType().FullName ?? "the schema (dataDir)"}.");
                }
            }
        }

        var ordered = new List<IConfigSectionReader>(readers.Count);
        var state = new Dictionary<IConfigSectionReader, bool>(ReferenceEqualityComparer.Instance); // false: visiting, true: done
        foreach (var reader in readers)
        {
            Visit(reader);
        }

        return ordered;

        void Visit(IConfigSectionReader reader)
        {
            if (state.TryGetValue(reader, out var done))
            {
                if (!done)
                {
                    throw new InvalidOperationException($"Config readers read after each other in a circle at {reader.GetType().FullName}.");
                }

                return;
            }

            state[reader] = false;
            foreach (var key in reader.ReadsAfter)
            {
                if (!owners.TryGetValue(key, out var owner))
                {
                    throw new InvalidOperationException($"{reader.GetType().FullName} reads after '{key}', which no config reader owns.");
                }

                if (owner is not null)
                {
                    Visit(owner);
                }
            }

            state[reader] = true;
            ordered.Add(reader);
        }
    }
}
