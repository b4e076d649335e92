using System.Diagnostics.CodeAnalysis;

namespace Frugal.Core.Configuration;

/// <summary>
/// Declares a config section reader of this assembly, written in the reader's own file:
/// <c>[assembly: ConfigSectionReader(typeof(CacheConfigReader))]</c>. <see cref="ConfigSchema.Create"/> reads
/// these attributes instead of every type of every assembly: listing the types of Frugal.Core loads a dozen
/// assemblies a <c>frugal config validate</c> never needs (measured: +50 ms, +5 MB). A test checks that every
/// reader in Frugal.Core carries one.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
/// <remarks>
/// The annotation on <paramref name="readerType"/> makes the trimmer keep the public parameterless constructor of every
/// type named here (the attribute's <c>typeof</c> argument is a constant it sees), so a trimmed binary can still
/// create the reader.
/// </remarks>
public sealed class ConfigSectionReaderAttribute(
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type readerType) : Attribute
{
    /// <summary>A class implementing <see cref="IConfigSectionReader"/> with a public parameterless constructor.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type ReaderType { get; } = readerType;
}
