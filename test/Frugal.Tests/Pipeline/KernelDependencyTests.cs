using System.Text.RegularExpressions;

namespace Frugal.Tests.Pipeline;

/// <summary>
/// The kernel rule (issue #13, AGENTS "add a stage"): <c>Frugal.Core/Pipeline</c> depends on nothing else in Core, so
/// a stage can be added, moved or removed without the kernel knowing. The check reads the sources: a <c>using</c> or a
/// qualified name of another Core namespace is a dependency, and so is a type that only resolves through one.
/// </summary>
public sealed partial class KernelDependencyTests
{
    [Fact]
    public void Pipeline_sources_name_no_other_core_namespace()
    {
        var folder = Path.Combine(Infrastructure.RepoRoot.Path, "src", "Frugal.Core", "Pipeline");
        var offending = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => OtherCoreNamespace().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.True(Directory.GetFiles(folder, "*.cs").Length > 10, "the kernel folder moved: update this test");
        Assert.Empty(offending);
    }

    [Fact]
    public void Pipeline_types_expose_no_type_of_another_core_namespace()
    {
        var kernel = typeof(Frugal.Core.Pipeline.GatewayRequest).Assembly.GetTypes()
            .Where(t => t.Namespace == "Frugal.Core.Pipeline")
            .ToList();
        var exposed = kernel
            .SelectMany(t => t.GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly)
                .SelectMany(TypesOf)
                .Concat(t.GetInterfaces())
                .Append(t.BaseType)
                .Where(used => used?.Namespace is { } ns && ns.StartsWith("Frugal.Core.", StringComparison.Ordinal) && ns != "Frugal.Core.Pipeline")
                .Select(used => $"{t.Name} → {used!.FullName}"))
            .Distinct()
            .ToList();

        Assert.NotEmpty(kernel);
        Assert.Empty(exposed);
    }

    private static IEnumerable<Type?> TypesOf(System.Reflection.MemberInfo member) => member switch
    {
        System.Reflection.FieldInfo field => [field.FieldType],
        System.Reflection.PropertyInfo property => [property.PropertyType],
        System.Reflection.MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType),
        System.Reflection.ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType),
        _ => [],
    };

    [GeneratedRegex(@"\bFrugal\.Core\.(?!Pipeline\b)[A-Z]\w*")]
    private static partial Regex OtherCoreNamespace();
}
