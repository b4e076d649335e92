namespace Frugal.Core.Configuration.Sources;

/// <summary>JSON paths as <see cref="JsonConfigReader"/> writes them (<c>$.a.b</c>, <c>$.a['x-y']</c>, <c>$.a[0]</c>).</summary>
public static class ConfigPaths
{
    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or a setting inside it.</summary>
    public static bool IsWithin(string path, string ancestor)
        => path.StartsWith(ancestor, StringComparison.Ordinal)
           && (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[');
}
